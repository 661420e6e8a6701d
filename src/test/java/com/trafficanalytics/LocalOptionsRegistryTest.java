package com.trafficanalytics;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.trafficanalytics.options.TrafficAnalyticsOptions;
import com.trafficanalytics.testing.ExpectedTraffic;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;
import org.apache.beam.sdk.extensions.gcp.options.GcsOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A local run registers only the options interfaces it uses, and still reads every option it is
 * given; any other run keeps all of Beam's registrars.
 */
public class LocalOptionsRegistryTest {
  private static final String DIRECT = "org.apache.beam.runners.direct.DirectRegistrar$Options";
  private static final String DEFAULT =
      "org.apache.beam.sdk.options.DefaultPipelineOptionsRegistrar";
  private static final String GCP =
      "org.apache.beam.sdk.extensions.gcp.options.GcpPipelineOptionsRegistrar";
  private static final String DATAFLOW =
      "org.apache.beam.runners.dataflow.DataflowPipelineRegistrar$Options";

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  /** Beam's registry is one per JVM: the next test finds it whole again. */
  @After
  public void restoreBeamsRegistry() {
    PipelineOptionsFactory.resetCache();
  }

  @Test
  public void aRunIsLocalOnTheDirectRunnerAsBeamNamesIt() {
    assertTrue(LocalOptionsRegistry.isLocal(new String[] {"--inputPath=x"}));
    for (String runner :
        List.of("DirectRunner", "direct", "DIRECT", "org.apache.beam.runners.direct.DirectRunner")) {
      assertTrue(runner, LocalOptionsRegistry.isLocal(new String[] {"--runner=" + runner}));
    }
    assertFalse(LocalOptionsRegistry.isLocal(new String[] {"--runner=DataflowRunner"}));
    assertFalse(LocalOptionsRegistry.isLocal(new String[] {"--runner=dataflow"}));
    // Beam lists every registered option for --help.
    assertFalse(LocalOptionsRegistry.isLocal(new String[] {"--help"}));
    assertFalse(LocalOptionsRegistry.isLocal(new String[] {"--help=TrafficAnalyticsOptions"}));
  }

  @Test
  public void theJarListsTheRegistrarsThisClassKnowsByName() {
    List<String> listed = LocalOptionsRegistry.registrarsListed(getClass().getClassLoader());
    assertThat(listed, hasItems(DEFAULT, DIRECT, GCP, DATAFLOW));
  }

  @Test
  public void aLocalRunKeepsBeamsAndTheDirectRunnersAndThoseOfTheOptionsItNames() {
    ClassLoader loader = getClass().getClassLoader();
    List<String> listed = LocalOptionsRegistry.registrarsListed(loader);
    assertThat(
        LocalOptionsRegistry.registrarsFor(
            new String[] {"--inputPath=x", "--mode=both", "--targetParallelism=2"}, listed, loader),
        containsInAnyOrder(DEFAULT, DIRECT));
    // --project is GcpOptions' (and, through it, DataflowPipelineOptions').
    List<String> withProject =
        LocalOptionsRegistry.registrarsFor(
            new String[] {"--inputPath=x", "--project=p"}, listed, loader);
    assertThat(withProject, hasItems(DEFAULT, DIRECT, GCP));
    // A bare boolean option is named too.
    assertThat(
        LocalOptionsRegistry.registrarsFor(new String[] {"--update"}, listed, loader),
        hasItem(DATAFLOW));
  }

  @Test
  public void aLocalRunRegistersLessAndStillReadsEveryOptionItIsGiven() {
    LocalOptionsRegistry.limitTo(new String[] {"--inputPath=x", "--project=p"});
    Set<Class<? extends PipelineOptions>> registered =
        new HashSet<>(PipelineOptionsFactory.getRegisteredOptions());
    assertThat(registered, hasItems(DirectOptions.class, GcpOptions.class));

    LocalOptionsRegistry.limitTo(new String[] {"--inputPath=x"});
    registered = new HashSet<>(PipelineOptionsFactory.getRegisteredOptions());
    assertThat(registered, hasItem(DirectOptions.class));
    assertThat(registered, not(hasItem(DataflowPipelineOptions.class)));
    assertThat(registered, not(hasItem(GcpOptions.class)));

    // An interface no registrar brought in is registered when asked for, as Beam does.
    PipelineOptionsFactory.register(TrafficAnalyticsOptions.class);
    PipelineOptions options =
        PipelineOptionsFactory.fromArgs("--inputPath=x", "--mode=user_traffic").create();
    assertEquals("user_traffic", options.as(TrafficAnalyticsOptions.class).getMode());
    assertEquals("gs://b/t", withTemp(options.as(GcsOptions.class)).getGcpTempLocation());
  }

  @Test
  public void aLocalRunThatNamesAGcpOptionRunsAsBefore() throws Exception {
    Path output = folder.getRoot().toPath().resolve("out");
    String[] args = {
      "--inputPath=data/events.json", "--outputDirectory=" + output, "--project=my-project"
    };
    LocalOptionsRegistry.limitTo(args);
    assertThat(PipelineOptionsFactory.getRegisteredOptions(), hasItem(GcpOptions.class));
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    int exit =
        TrafficAnalyticsPipeline.execute(
            args, new PrintStream(console, true, StandardCharsets.UTF_8));

    assertEquals(console.toString(StandardCharsets.UTF_8), 0, exit);
    ExpectedTraffic.of(ExpectedTraffic.linesOf(Path.of("data/events.json")), 60)
        .assertRowsUnder(output);
  }

  private static GcsOptions withTemp(GcsOptions options) {
    options.setGcpTempLocation("gs://b/t");
    return options;
  }
}

package com.trafficanalytics.template;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.trafficanalytics.template.DataflowJob.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * What a Flex Template launch submits, for each mode: the image's main, started as the launcher
 * starts it, on the real DataflowRunner, which translates the pipeline into the Dataflow job and,
 * given {@code --templateLocation}, writes that job to a file instead of submitting it.
 *
 * <p>Offline stand-ins: local folders for the staging and GCP temp locations (with Beam's {@code
 * NoopPathValidator}), no credentials ({@code NoopCredentialFactory}), a local input file (a {@code
 * gs://} input would make the launch try Cloud Storage) and {@link FakeBigQuery} for the dataset
 * check. Everything else is the real translation: every function is serialized into the job, and
 * each test reads them back as a worker would, so a function or coder that cannot travel fails here
 * rather than at a user's first launch.
 */
public class DataflowTranslationIT {

  private static final String PROJECT = "my-project";
  private static final String SERVICE_ACCOUNT =
      "traffic-analytics@my-project.iam.gserviceaccount.com";
  private static final Map<String, String> LABELS = Map.of("team", "web", "env", "test");
  private static final String DATASET = PROJECT + ":logs";

  /** Shared by every launch so the 160 MB jar is staged once (the runner skips a staged file). */
  @ClassRule public static TemporaryFolder shared = new TemporaryFolder();

  @Rule public TemporaryFolder temporaryFolder = new TemporaryFolder();

  private static Path staging;
  private static Path input;

  @BeforeClass
  public static void writeInput() throws IOException {
    staging = shared.newFolder("staging").toPath();
    input = shared.getRoot().toPath().resolve("events.json");
    Files.write(
        input,
        List.of(
            "{\"user_id\":\"-6434255326544341291\",\"timestamp\":\"2026-03-05T21:49:42.746115Z\","
                + "\"num_bytes\":2137}",
            "not json"),
        StandardCharsets.UTF_8);
  }

  /** A launch that wrote its job, and what it asked BigQuery. */
  private static final class Launch {
    final DataflowJob job;
    final List<String> datasetsAsked;
    final Launcher.Run run;

    Launch(DataflowJob job, List<String> datasetsAsked, Launcher.Run run) {
      this.job = job;
      this.datasetsAsked = datasetsAsked;
      this.run = run;
    }
  }

  /** The arguments the launcher passes before the template parameters. */
  private List<String> launcherArguments(String jobName, Path templateFile, FakeBigQuery bigQuery)
      throws IOException {
    String labels =
        LABELS.entrySet().stream()
            .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
            .collect(Collectors.joining(",", "{", "}"));
    return List.of(
        "--runner=DataflowRunner",
        "--project=" + PROJECT,
        "--region=us-central1",
        "--jobName=" + jobName,
        "--templateLocation=" + templateFile,
        "--stagingLocation=" + staging,
        // BigQuery load jobs need a gs:// temp location, checked when the job is built; nothing
        // is written there before the job runs.
        "--tempLocation=gs://my-bucket/temp",
        "--gcpTempLocation=" + temporaryFolder.newFolder("gcp-temp"),
        "--pathValidatorClass=org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator",
        "--credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory",
        "--labels=" + labels,
        "--serviceAccount=" + SERVICE_ACCOUNT,
        "--bigQueryEndpoint=" + bigQuery.endpoint());
  }

  private Launcher.Run start(
      String jobName, Path templateFile, FakeBigQuery bigQuery, List<String> parameters)
      throws Exception {
    List<String> arguments = new ArrayList<>(launcherArguments(jobName, templateFile, bigQuery));
    arguments.add("--inputPath=" + input);
    arguments.addAll(parameters);
    return Launcher.run(arguments, temporaryFolder.getRoot().toPath(), Duration.ofMinutes(4));
  }

  private Launch launch(String jobName, List<String> parameters) throws Exception {
    Path templateFile = temporaryFolder.getRoot().toPath().resolve("job.json");
    try (FakeBigQuery bigQuery = new FakeBigQuery(Set.of(DATASET))) {
      Launcher.Run run = start(jobName, templateFile, bigQuery, parameters);
      // Exit 0 also proves main did not wait: the job the runner returns for --templateLocation
      // throws on waitUntilFinish, which main would report as a failed run (exit 1).
      assertEquals(run.toString(), 0, run.exitCode());
      assertTrue("no job written to --templateLocation\n" + run, Files.exists(templateFile));
      Launch launch = new Launch(DataflowJob.read(templateFile), bigQuery.datasetsAsked(), run);
      checkTheJob(launch.job, jobName);
      return launch;
    }
  }

  /** What every launch must submit, whatever the mode. */
  private static void checkTheJob(DataflowJob job, String jobName) {
    assertEquals("JOB_TYPE_BATCH", job.type());
    assertEquals(jobName, job.name());
    assertEquals(LABELS, job.labels());
    assertEquals(SERVICE_ACCOUNT, job.environment().get("serviceAccountEmail").getAsString());
    List<String> packages = job.stagedPackages();
    assertThat("the application staged for the workers", packages, hasSize(1));
    assertThat(packages.get(0), containsString("traffic-analytics-"));
    assertTrue(packages.get(0) + " was not staged", Files.exists(Path.of(packages.get(0))));

    // Every DoFn and CombineFn must come back from its bytes, as on a worker.
    List<Step> functions = job.steps(Step::hasFunction);
    assertThat("functions in the job", functions, not(empty()));
    for (Step step : functions) {
      assertNotEquals(step.toString(), null, step.function());
    }
  }

  /**
   * The top-level transform that reads the input: the one whose code first handles the files that
   * Beam's {@code FileIO.readMatches()} opens. There must be exactly one place that opens the
   * input, in every mode ({@code both} reads the input once for the two analyses).
   */
  private static String theAnalysis(DataflowJob job) {
    List<Step> opens =
        job.steps(s -> s.hasFunction() && s.functionText().contains("FileIO$ReadMatches"));
    assertThat("steps that open the input files", opens, hasSize(1));
    Deque<Step> next = new ArrayDeque<>(job.consumersOf(opens.get(0)));
    Set<String> seen = new HashSet<>();
    while (!next.isEmpty()) {
      Step step = next.removeFirst();
      if (!seen.add(step.name())) {
        continue;
      }
      if (step.hasFunction() && step.functionText().contains("com.trafficanalytics.")) {
        return step.topLevel();
      }
      next.addAll(job.consumersOf(step));
    }
    throw new AssertionError("none of our code reads the opened files");
  }

  /**
   * Checks that every shuffle of the analyses is a combine: each GroupByKey inside the analysis
   * transform (past the read's own file-splitting reshuffle) feeds a CombineValues step running our
   * CombineFn, with combiner lifting allowed, so Dataflow merges partial aggregates on each worker
   * before the shuffle and only those cross the network; its input is the partials keyed in the
   * key space sized from the input, with the bound per element; and there is one per analysis.
   */
  private static void checkACombineBeforeEveryShuffle(DataflowJob job, Set<String> analyses) {
    String analysis = theAnalysis(job);
    List<Step> shuffles =
        job.steps(
            s ->
                s.kind().equals("GroupByKey")
                    && s.topLevel().equals(analysis)
                    && !List.of(s.userName().split("/")).contains("Reshuffle"));
    assertThat("shuffles in " + analysis, shuffles, hasSize(analyses.size()));
    Set<String> combined = new TreeSet<>();
    for (Step shuffle : shuffles) {
      assertEquals(
          shuffle + " must allow combiner lifting",
          false,
          shuffle.booleanProperty("disallow_combiner_lifting").orElse(false));
      // What enters the shuffle: the partials, measured and keyed in the key space sized from the
      // input when the job was built (this input is tiny: the fewest keys), each element capped.
      List<String> inputs = shuffle.inputSteps();
      assertThat(shuffle + " reads", inputs, hasSize(1));
      Step measured = job.step(inputs.get(0));
      assertThat(measured.userName(), containsString("/Measure partials"));
      assertEquals(measured.toString(), "16", measured.displayData().get("keys"));
      assertEquals(
          measured.toString(), "10000", measured.displayData().get("maxGroupsPerElement"));
      List<Step> consumers = job.consumersOf(shuffle);
      assertThat(shuffle + " feeds", consumers, hasSize(1));
      Step combine = consumers.get(0);
      assertEquals(shuffle + " must feed a combine", "CombineValues", combine.kind());
      assertThat(combine.functionText(), containsString("com.trafficanalytics.analysis."));
      analyses.stream().filter(a -> combine.userName().contains(a)).forEach(combined::add);
    }
    assertEquals("one combine per analysis", analyses, combined);
  }

  private static List<Step> stepsOf(DataflowJob job, String topLevel) {
    return job.steps(s -> s.topLevel().equals(topLevel));
  }

  /** Checks that the output {@code name} is written to BigQuery {@code table} by load jobs. */
  private static void checkBigQueryWrite(DataflowJob job, String name, String table) {
    List<Step> write = stepsOf(job, "Write " + name);
    assertThat("steps of Write " + name, write, not(empty()));
    assertTrue(
        "Write " + name + " must run BigQuery load jobs",
        write.stream().anyMatch(s -> "true".equals(s.displayData().get("launchesBigQueryJobs"))));
    assertTrue(
        "Write " + name + " must name " + table,
        write.stream().anyMatch(s -> s.hasFunction() && s.functionText().contains(table)));
    assertFalse(
        "Write " + name + " must not write files",
        write.stream().anyMatch(s -> s.userName().contains("/WriteFiles/")));
  }

  /** Checks that the output {@code name} is written as files into {@code folder}. */
  private static void checkFileWrite(DataflowJob job, String name, String folder) {
    List<Step> write = stepsOf(job, "Write " + name);
    assertThat("steps of Write " + name, write, not(empty()));
    assertTrue(
        "Write " + name + " must write files",
        write.stream().anyMatch(s -> s.userName().contains("/WriteFiles/")));
    assertTrue(
        "Write " + name + " must write into " + folder,
        write.stream().anyMatch(s -> s.hasFunction() && s.functionText().contains(folder)));
    assertFalse(
        "Write " + name + " must not use BigQuery",
        write.stream().anyMatch(s -> s.displayData().containsKey("launchesBigQueryJobs")));
  }

  /** Checks that the lines the read rejects, and nothing else, reach the dead-letter write. */
  private static void checkDeadLetters(DataflowJob job) {
    List<Step> toRows = stepsOf(job, "Dead letters to rows");
    assertThat("Dead letters to rows", toRows, not(empty()));
    List<String> inputs = toRows.get(0).inputSteps();
    assertThat(inputs, hasSize(1));
    assertEquals(
        "dead letters come from the read", theAnalysis(job), job.step(inputs.get(0)).topLevel());
    assertEquals("dead-letters", toRows.get(0).inputOutputName().orElse(""));
    assertThat("Write dead_letter", stepsOf(job, "Write dead_letter"), not(empty()));
  }

  private static void checkAnalyses(DataflowJob job, Set<String> analyses) {
    checkACombineBeforeEveryShuffle(job, analyses);
    for (String other : Set.of("user_traffic", "minute_traffic")) {
      if (!analyses.contains(other)) {
        assertThat(
            "Write " + other + " in a run without it", stepsOf(job, "Write " + other), empty());
      }
    }
  }

  @Test
  public void bothAnalysesToFiles() throws Exception {
    // A gs:// folder, as on Dataflow: nothing is written at launch, so no bucket is needed.
    String output = "gs://my-bucket/traffic/";
    Launch launch =
        launch("traffic-analytics-files", List.of("--mode=both", "--outputDirectory=" + output));

    DataflowJob job = launch.job;
    checkAnalyses(job, Set.of("user_traffic", "minute_traffic"));
    // Each run writes a run folder of its own beside the result folders (README, "Outputs");
    // Java serialization keeps a Cloud Storage path as bucket and object, so look for the object.
    checkFileWrite(job, "user_traffic", "traffic/.traffic-analytics/user_traffic/");
    checkFileWrite(job, "minute_traffic", "traffic/.traffic-analytics/minute_traffic/");
    checkFileWrite(job, "dead_letter", "traffic/.traffic-analytics/dead_letter/");
    checkDeadLetters(job);
    assertThat("BigQuery asked about", launch.datasetsAsked, empty());
    assertEquals("both", job.workerOptions().get("mode").getAsString());
  }

  @Test
  public void bothAnalysesToBigQuery() throws Exception {
    Launch launch =
        launch(
            "traffic-analytics-bigquery",
            List.of(
                "--mode=both",
                "--userTrafficTable=" + DATASET + ".user_traffic",
                // DATASET.TABLE takes the job's project, which the launcher always passes.
                "--minuteTrafficTable=logs.minute_traffic",
                // The optional guards, so their functions travel too.
                "--writeDisposition=WRITE_APPEND",
                "--maxLineBytes=65536",
                "--maxDeadLetterRatio=0.01"));

    DataflowJob job = launch.job;
    checkAnalyses(job, Set.of("user_traffic", "minute_traffic"));
    checkBigQueryWrite(job, "user_traffic", DATASET + ".user_traffic");
    checkBigQueryWrite(job, "minute_traffic", DATASET + ".minute_traffic");
    // With every result in BigQuery, rejected lines go to a table beside them.
    checkBigQueryWrite(job, "dead_letter", DATASET + ".dead_letter");
    checkDeadLetters(job);
    assertThat("datasets checked before submitting", launch.datasetsAsked, not(empty()));
    assertThat(launch.datasetsAsked, everyItem(is(DATASET)));
  }

  /**
   * A daily run ({@code --runDate}, here with {@code {date}} in the input path): each load names
   * its day's partition, {@code TABLE$YYYYMMDD}, of a table partitioned by day on run_date, and
   * the workers see the resolved day.
   */
  @Test
  public void aDailyRunLoadsItsDaysPartition() throws Exception {
    Launch launch =
        launch(
            "traffic-analytics-daily",
            List.of(
                "--mode=both",
                "--userTrafficTable=" + DATASET + ".user_traffic",
                "--minuteTrafficTable=" + DATASET + ".minute_traffic",
                "--runDate=2026-03-05"));

    DataflowJob job = launch.job;
    checkAnalyses(job, Set.of("user_traffic", "minute_traffic"));
    for (String table : List.of("user_traffic", "minute_traffic", "dead_letter")) {
      checkBigQueryWrite(job, table, DATASET + "." + table + "$20260305");
      assertTrue(
          "Write " + table + " must partition by day on run_date",
          stepsOf(job, "Write " + table).stream()
              .anyMatch(
                  s ->
                      s.hasFunction()
                          && s.functionText().contains("\"field\":\"run_date\"")
                          && s.functionText().contains("\"type\":\"DAY\"")));
    }
    checkDeadLetters(job);
    assertEquals("2026-03-05", job.workerOptions().get("runDate").getAsString());
  }

  @Test
  public void userTrafficAloneIgnoresWhatTheFormSendsForTheOtherMode() throws Exception {
    Launch launch =
        launch(
            "traffic-analytics-users",
            List.of(
                "--mode=user_traffic",
                "--userTrafficTable=" + DATASET + ".user_traffic",
                "--minuteTrafficTable=" + DATASET + ".minute_traffic",
                "--windowSeconds=300",
                "--deadLetterDirectory=gs://my-bucket/traffic/rejected"));

    DataflowJob job = launch.job;
    checkAnalyses(job, Set.of("user_traffic"));
    checkBigQueryWrite(job, "user_traffic", DATASET + ".user_traffic");
    // A gs:// folder is only named at launch (its files are written by the workers); Java
    // serialization keeps a Cloud Storage path as bucket and object, so look for the object.
    checkFileWrite(job, "dead_letter", "traffic/rejected");
    checkDeadLetters(job);
    assertThat(launch.run.output(), containsString("Ignoring --minuteTrafficTable"));
  }

  @Test
  public void minuteTrafficAloneWithItsOwnWindow() throws Exception {
    Path output = temporaryFolder.newFolder("traffic").toPath();
    Launch launch =
        launch(
            "traffic-analytics-minutes",
            List.of(
                "--mode=minute_traffic",
                "--windowSeconds=300",
                "--outputDirectory=" + output,
                "--deadLetterTable=" + DATASET + ".rejected"));

    DataflowJob job = launch.job;
    checkAnalyses(job, Set.of("minute_traffic"));
    checkFileWrite(job, "minute_traffic", output.resolve("minute_traffic").toString());
    checkBigQueryWrite(job, "dead_letter", DATASET + ".rejected");
    checkDeadLetters(job);
    assertEquals(300, job.workerOptions().get("windowSeconds").getAsInt());
  }

  @Test
  public void aMissingDatasetFailsTheLaunchAndSubmitsNothing() throws Exception {
    Path templateFile = temporaryFolder.getRoot().toPath().resolve("job.json");
    try (FakeBigQuery bigQuery = new FakeBigQuery(Set.of())) {
      Launcher.Run run =
          start(
              "traffic-analytics-no-dataset",
              templateFile,
              bigQuery,
              List.of("--mode=user_traffic", "--userTrafficTable=" + DATASET + ".user_traffic"));

      assertNotEquals(run.toString(), 0, run.exitCode());
      assertFalse("a job was written", Files.exists(templateFile));
      assertThat(bigQuery.datasetsAsked(), everyItem(is(DATASET)));
      assertThat(run.output(), containsString("logs"));
    }
  }
}

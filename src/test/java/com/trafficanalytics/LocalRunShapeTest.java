package com.trafficanalytics;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;

import com.trafficanalytics.options.TrafficAnalyticsOptions;
import com.trafficanalytics.testing.OutputFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServicesImpl;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.ParDo;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The shape of a local run that the DirectRunner's costs call for (docs/profile.md, "Steps that
 * wait"): the DirectRunner retries a step that waits on a side input each time other work
 * finishes, so the job keeps such steps to those it cannot do without.
 */
public class LocalRunShapeTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void onlyTheFileWritesReadSideInputs() throws Exception {
    TrafficAnalyticsOptions options =
        PipelineOptionsFactory.fromArgs(
                "--inputPath=data/events.json",
                "--outputDirectory=" + tmp.getRoot(),
                "--mode=both",
                "--maxDeadLetterRatio=0.5")
            .as(TrafficAnalyticsOptions.class);
    OutputPlan plan =
        TrafficAnalyticsPipeline.check(
                options, BigQueryIO::writeTableRows, new BigQueryServicesImpl(), Clock.systemUTC())
            .plan();
    List<String> readers = new ArrayList<>();
    TrafficAnalyticsPipeline.build(options, plan)
        .traverseTopologically(
            new Pipeline.PipelineVisitor.Defaults() {
              @Override
              public void visitPrimitiveTransform(TransformHierarchy.Node node) {
                if (node.getTransform() instanceof ParDo.MultiOutput<?, ?> parDo
                    && !parDo.getSideInputs().isEmpty()) {
                  readers.add(node.getFullName());
                }
              }
            });

    // Per folder: Beam's WriteFiles gathers its temporary files through a side input, and the
    // publish step reads the row count for the manifest. The report's combines and the gate's
    // total wait on nothing; the gate's own waits (Wait.on) are side inputs by design.
    List<String> expected = new ArrayList<>();
    for (String folder : List.of("user_traffic", "minute_traffic", "dead_letter")) {
      expected.add(
          "Write " + folder + "/Write JSON files/WriteFiles/GatherTempFileResults/"
              + "AsPossiblyEmptyList/Reify.ReifyView/ParDo(Anonymous)/ParMultiDo(Anonymous)");
      expected.add("Write " + folder + "/Publish the run/ParMultiDo(PublishRun)");
    }
    expected.add("Wait for the dead letters/Wait/Map/ParMultiDo(Anonymous)");
    expected.add("Wait for the gate user_traffic/Wait/Map/ParMultiDo(Anonymous)");
    expected.add("Wait for the gate minute_traffic/Wait/Map/ParMultiDo(Anonymous)");
    assertThat(readers, containsInAnyOrder(expected.toArray()));
  }

  @Test
  public void eachFolderGetsOneFilePerThread() throws Exception {
    Path output = tmp.getRoot().toPath().resolve("out");

    EndToEndTest.Run run =
        EndToEndTest.run(
            "--inputPath=data/events.json",
            "--outputDirectory=" + output,
            "--targetParallelism=2");

    assertThat(run.console(), run.exitCode(), is(0));
    for (String folder : List.of("user_traffic", "minute_traffic", "dead_letter")) {
      assertThat(
          folder,
          OutputFiles.jsonFiles(output.resolve(folder)).stream()
              .map(file -> file.getFileName().toString())
              .toList(),
          containsInAnyOrder("part-00000-of-00002.json", "part-00001-of-00002.json"));
    }
  }
}

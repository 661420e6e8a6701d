package com.trafficanalytics;

import com.trafficanalytics.options.TrafficAnalyticsOptions;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServicesImpl;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;

/**
 * Prints how many primitive transforms the job has, per top-level step, for the given options:
 * the pipeline as it is built for the runner, before the runner's own rewrites. On the
 * DirectRunner every primitive costs start-up time whatever its input (issue 12; docs/profile.md),
 * so this is the count to watch when a change adds steps.
 *
 * <p>Usage, after {@code bench/run.sh} or {@code ./mvnw -Pbench -DskipTests package}: {@code java
 * -cp "target/test-classes:target/traffic-analytics.jar:$(cat target/bench-classpath.txt)"
 * com.trafficanalytics.PipelineSteps --inputPath=data/events.json
 * --outputDirectory=bench/work/steps [options]}. The options are checked as a run checks them (the output folder must be usable), and
 * nothing runs.
 */
public final class PipelineSteps {
  public static void main(String[] args) throws Exception {
    PipelineOptionsFactory.register(TrafficAnalyticsOptions.class);
    TrafficAnalyticsOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(TrafficAnalyticsOptions.class);
    OutputPlan plan =
        TrafficAnalyticsPipeline.check(
                options, BigQueryIO::writeTableRows, new BigQueryServicesImpl(), Clock.systemUTC())
            .plan();
    Map<String, Integer> perStep = new TreeMap<>();
    TrafficAnalyticsPipeline.build(options, plan)
        .traverseTopologically(
            new Pipeline.PipelineVisitor.Defaults() {
              @Override
              public void visitPrimitiveTransform(TransformHierarchy.Node node) {
                perStep.merge(node.getFullName().split("/", 2)[0], 1, Integer::sum);
              }
            });
    perStep.forEach((step, count) -> System.out.printf("%5d  %s%n", count, step));
    System.out.printf(
        "%5d  primitive transforms in all%n",
        perStep.values().stream().mapToInt(Integer::intValue).sum());
  }

  private PipelineSteps() {}
}

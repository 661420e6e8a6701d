package com.trafficanalytics;

import com.trafficanalytics.analysis.MinuteTraffic;
import com.trafficanalytics.analysis.UserTraffic;
import com.trafficanalytics.deadletter.DeadLetter;
import com.trafficanalytics.options.TrafficAnalyticsOptions;
import com.trafficanalytics.read.AnalyzeTrafficFiles;
import com.trafficanalytics.report.RejectedLine;
import com.trafficanalytics.report.ReportFacts;
import com.trafficanalytics.report.TrafficReport;
import com.trafficanalytics.sinks.FolderDestination;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides where a run's {@code report.html} goes and hands the report the run's facts and
 * collections; the report itself is the self-contained package {@code report/}.
 */
final class RunReport {
  private static final Logger LOG = LoggerFactory.getLogger(RunReport.class);

  /** The report's file name under {@code --outputDirectory}. */
  static final String FILE_NAME = "report.html";

  /**
   * Where the report goes: {@code --reportPath} (its {@code {date}} already the run date), else
   * {@code report.html} under the output directory when an analysis writes files there, {@code
   * report-YYYY-MM-DD.html} for a run with {@code --runDate} (one report per day, as each day has
   * its own results); null for no report.
   *
   * @param results where each analysis' rows go
   */
  static @Nullable String path(TrafficAnalyticsOptions options, List<OutputPlan.Result> results) {
    String path = options.getReportPath();
    if (path != null) {
      return path;
    }
    boolean writesFiles =
        results.stream().anyMatch(result -> result.destination() instanceof FolderDestination);
    if (!writesFiles) {
      return null;
    }
    String directory = options.getOutputDirectory();
    if (directory == null) {
      directory = OutputPlan.LOCAL_OUTPUT_DIRECTORY;
    }
    String runDate = options.getRunDate();
    String fileName = runDate == null ? FILE_NAME : "report-" + runDate + ".html";
    return FileSystems.matchNewResource(directory, true)
        .resolve(fileName, StandardResolveOptions.RESOLVE_FILE)
        .toString();
  }

  /**
   * Adds the report to the pipeline; returns its output (to wait on), or null when the run has no
   * report, which is logged with how to get one.
   */
  static @Nullable PCollection<String> apply(
      TrafficAnalyticsOptions options,
      OutputPlan plan,
      AnalyzeTrafficFiles.Result results,
      PCollection<MatchResult.Metadata> files) {
    String path = plan.report();
    if (path == null) {
      LOG.info(
          "No report.html: all results go to BigQuery; give --reportPath=gs://my-bucket/report.html"
              + " to get one");
      return null;
    }
    boolean minutes = plan.analyses().stream().anyMatch(a -> a.name().equals(MinuteTraffic.NAME));
    List<ReportFacts.Output> outputs = new ArrayList<>();
    for (OutputPlan.Result result : plan.results()) {
      outputs.add(
          new ReportFacts.Output(result.analysis().name(), result.destination().describe()));
    }
    outputs.add(new ReportFacts.Output(DeadLetter.NAME, plan.deadLetters().describe()));
    ReportFacts facts =
        new ReportFacts(
            options.getInputPath(),
            options.getRunner().getSimpleName(),
            options.getMode(),
            minutes ? options.getWindowSeconds() : null,
            Instant.now().toString(),
            outputs,
            options.getMaxDeadLetterRatio(),
            !Boolean.FALSE.equals(options.getReportUserIds()),
            options.getRunDate());

    PCollectionTuple inputs =
        PCollectionTuple.of(TrafficReport.LINE_COUNTS, results.lineCounts())
            .and(TrafficReport.FILES, files)
            .and(
                TrafficReport.REJECTED_LINES,
                results
                    .deadLetters()
                    .apply("Dead letters for the report", MapElements.via(new ToRejectedLine())));
    for (OutputPlan.Result result : plan.results()) {
      String analysis = result.analysis().name();
      inputs =
          analysis.equals(UserTraffic.NAME)
              ? inputs.and(TrafficReport.USER_FIGURES, results.merged(analysis, String.class))
              : inputs.and(TrafficReport.MINUTE_FIGURES, results.merged(analysis, Long.class));
    }
    return inputs.apply(TrafficReport.to(path, facts));
  }

  /** A dead letter as the report takes it: its reason code, where it was and what it said. */
  private static final class ToRejectedLine extends SimpleFunction<DeadLetter, RejectedLine> {
    @Override
    public RejectedLine apply(DeadLetter deadLetter) {
      Long offset = deadLetter.byteOffset();
      String line = deadLetter.line();
      return new RejectedLine(
          deadLetter.reason().counterName(),
          deadLetter.source(),
          offset == null ? -1 : offset,
          line == null ? "" : line,
          deadLetter.error());
    }
  }

  private RunReport() {}
}

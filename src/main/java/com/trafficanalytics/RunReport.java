package com.trafficanalytics;

import com.trafficanalytics.analysis.MinuteTraffic;
import com.trafficanalytics.analysis.TrafficAnalysis;
import com.trafficanalytics.analysis.UserTraffic;
import com.trafficanalytics.deadletter.DeadLetter;
import com.trafficanalytics.events.EventParser;
import com.trafficanalytics.events.InvalidEventException;
import com.trafficanalytics.events.RejectReason;
import com.trafficanalytics.options.RunConfig;
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
 * REPORT WIRING (issue 10): decides where a run's {@code report.html} goes and hands the report
 * the run's facts and collections. Belongs with the composition root; the report itself is the
 * self-contained package {@code report/}.
 */
final class RunReport {
  private static final Logger LOG = LoggerFactory.getLogger(RunReport.class);

  /** The report's file name under {@code --outputDirectory}. */
  static final String FILE_NAME = "report.html";

  /**
   * Where the report goes: {@code --reportPath}, else {@code report.html} under the output
   * directory when an analysis writes files there; null for no report.
   */
  static @Nullable String path(RunConfig config) {
    TrafficAnalyticsOptions options = config.options();
    String path = options.getReportPath();
    if (path != null && !path.isBlank()) {
      return path;
    }
    boolean writesFiles =
        config.analyses().stream()
            .anyMatch(a -> config.destinationOf(a.name()) instanceof FolderDestination);
    if (!writesFiles) {
      return null;
    }
    String directory = options.getOutputDirectory();
    if (directory == null || directory.isBlank()) {
      directory = RunConfig.LOCAL_OUTPUT_DIRECTORY;
    }
    return FileSystems.matchNewResource(directory, true)
        .resolve(FILE_NAME, StandardResolveOptions.RESOLVE_FILE)
        .toString();
  }

  /**
   * Adds the report to the pipeline; returns its output (to wait on), or null when the run has no
   * report, which is logged with how to get one.
   */
  static @Nullable PCollection<String> apply(
      RunConfig config,
      AnalyzeTrafficFiles.Result results,
      PCollection<MatchResult.Metadata> files) {
    String path = path(config);
    if (path == null) {
      LOG.info(
          "No report.html: all results go to BigQuery; give --reportPath=gs://my-bucket/report.html"
              + " to get one");
      return null;
    }
    TrafficAnalyticsOptions options = config.options();
    boolean minutes = config.analyses().stream().anyMatch(a -> a.name().equals(MinuteTraffic.NAME));
    List<ReportFacts.Output> outputs = new ArrayList<>();
    for (TrafficAnalysis<?> analysis : config.analyses()) {
      outputs.add(
          new ReportFacts.Output(analysis.name(), config.destinationOf(analysis.name()).describe()));
    }
    outputs.add(new ReportFacts.Output(DeadLetter.NAME, config.deadLetterDestination().describe()));
    ReportFacts facts =
        new ReportFacts(
            options.getInputPath(),
            options.getRunner().getSimpleName(),
            config.mode().optionValue(),
            minutes ? options.getWindowSeconds() : null,
            Instant.now().toString(),
            outputs,
            options.getMaxDeadLetterRatio(),
            !Boolean.FALSE.equals(options.getReportUserIds()));

    PCollectionTuple inputs =
        PCollectionTuple.of(TrafficReport.LINE_COUNTS, results.lineCounts())
            .and(TrafficReport.FILES, files)
            .and(
                TrafficReport.REJECTED_LINES,
                results
                    .deadLetters()
                    .apply("Dead letters for the report", MapElements.via(new ToRejectedLine()))
                    .setCoder(RejectedLine.Coder.of()));
    for (TrafficAnalysis<?> analysis : config.analyses()) {
      inputs =
          inputs.and(
              analysis.name().equals(UserTraffic.NAME)
                  ? TrafficReport.USER_ROWS
                  : TrafficReport.MINUTE_ROWS,
              results.rows(analysis.name()));
    }
    return inputs.apply(TrafficReport.to(path, facts));
  }

  /**
   * A dead letter as the report takes it. STAND-IN: today's {@link DeadLetter} does not carry its
   * reason code, so it is found again the way the reader found it (the length check, else the
   * parser); once the dead letter has its {@code reason} column, use that and drop this. Runs per
   * dead letter only, never per event.
   */
  private static final class ToRejectedLine extends SimpleFunction<DeadLetter, RejectedLine> {
    @Override
    public RejectedLine apply(DeadLetter deadLetter) {
      return new RejectedLine(
          reasonOf(deadLetter), deadLetter.source(), -1, deadLetter.line(), deadLetter.error());
    }

    private static String reasonOf(DeadLetter deadLetter) {
      if (deadLetter.error().startsWith("line is longer than --maxLineBytes")) {
        return RejectReason.LINE_TOO_LONG.counterName();
      }
      try {
        EventParser.parse(deadLetter.line());
        return RejectReason.LINE_TOO_LONG.counterName(); // only a cut line parses and is rejected
      } catch (InvalidEventException e) {
        return e.reason().counterName();
      }
    }
  }

  private RunReport() {}
}

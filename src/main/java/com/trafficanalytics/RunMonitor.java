package com.trafficanalytics;

import com.trafficanalytics.events.RejectReason;
import com.trafficanalytics.metrics.TrafficCounters;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.joda.time.Duration;

/**
 * Waits for a local run, printing a progress line every few seconds from the pipeline's own
 * counters, and a summary at the end: lines read, events, blank lines, dead letters by reason,
 * rows per output and the time taken. A run that read no line at all says so in a warning: it
 * "succeeds" with empty results, which is rarely what was meant.
 */
final class RunMonitor {
  private static final Duration PROGRESS_INTERVAL = Duration.standardSeconds(5);

  private final PipelineResult result;
  private final OutputPlan plan;
  private final int inputFiles;
  private final PrintStream console;
  private final long startNanos = System.nanoTime();
  // File times have a coarser clock on some file systems: a second of slack.
  private final long startMillis = System.currentTimeMillis() - 1000;

  /**
   * @param inputFiles how many files the input pattern matched before the run
   */
  RunMonitor(PipelineResult result, OutputPlan plan, int inputFiles, PrintStream console) {
    this.result = result;
    this.plan = plan;
    this.inputFiles = inputFiles;
    this.console = console;
  }

  /**
   * Waits until the run ends; returns whether it succeeded.
   *
   * @throws RuntimeException the failure of the run, as the runner reports it
   */
  boolean waitAndReport() {
    try {
      return waitAndSummarize();
    } catch (RuntimeException e) {
      reportLine(); // the report of a failed run is when it is most needed
      throw e;
    }
  }

  private boolean waitAndSummarize() {
    PipelineResult.State state;
    while ((state = result.waitUntilFinish(PROGRESS_INTERVAL)) == null || !state.isTerminal()) {
      long lines = counter(TrafficCounters.LINES_READ);
      double seconds = elapsedSeconds();
      console.printf(
          Locale.ROOT,
          "traffic-analytics: %,d lines read in %.0f s (%,.0f lines/s)%n",
          lines,
          seconds,
          lines / Math.max(seconds, 1e-3));
    }
    if (state != PipelineResult.State.DONE) {
      console.println("traffic-analytics: error: the run ended " + state);
      reportLine();
      return false;
    }
    printSummary();
    reportLine();
    return true;
  }

  /** Where this run's report.html is, as a link a terminal can open. */
  private void reportLine() {
    String path = plan.report();
    if (path == null) {
      return;
    }
    if (path.contains("://")) {
      console.printf("  %-20s %12s %s%n", "report", "", path);
      return;
    }
    Path file = Paths.get(path).toAbsolutePath().normalize();
    boolean written;
    try {
      written = Files.getLastModifiedTime(file).toMillis() >= startMillis;
    } catch (IOException e) {
      written = false;
    }
    console.printf(
        "  %-20s %12s %s%n",
        "report",
        "",
        written ? file.toUri() : "not written (see the warning above)");
  }

  private void printSummary() {
    console.printf(Locale.ROOT, "traffic-analytics: done in %.1f s%n", elapsedSeconds());
    long linesRead = counter(TrafficCounters.LINES_READ);
    line("lines read", linesRead, "");
    line("events counted", counter(TrafficCounters.EVENTS), "");
    line("blank lines skipped", counter(TrafficCounters.BLANK_LINES), "");
    String deadLetters = " -> " + plan.deadLetters().describe();
    line("dead letters", counter(TrafficCounters.DEAD_LETTERS), reasons(false) + deadLetters);
    long brokenFiles = counter(TrafficCounters.BROKEN_FILES);
    if (brokenFiles > 0) {
      // Files (or their unread rest) are no lines: they come on top of the dead lines.
      line("broken files", brokenFiles, reasons(true) + deadLetters);
    }
    for (OutputPlan.Result output : plan.results()) {
      String name = output.analysis().name();
      String where = " -> " + output.destination().describe();
      line(name + " rows", counter(TrafficCounters.rows(name)), where);
    }
    if (linesRead == 0) {
      console.printf(
          Locale.ROOT,
          "traffic-analytics: WARNING: no line was read: the input matched %,d file%s, %s, so"
              + " every output is empty; check --inputPath%n",
          inputFiles,
          inputFiles == 1 ? "" : "s",
          brokenFiles == 0 ? "all empty" : "empty or broken (see the dead letters)");
    }
  }

  /** " (reason count, …)" over the reasons about files or about lines, or "" when none. */
  private String reasons(boolean aboutFiles) {
    StringBuilder reasons = new StringBuilder();
    for (RejectReason reason : RejectReason.values()) {
      long count =
          reason.aboutFile() == aboutFiles ? counter(TrafficCounters.deadLetters(reason)) : 0;
      if (count > 0) {
        reasons.append(reasons.length() == 0 ? " (" : ", ").append(reason.counterName())
            .append(' ').append(String.format(Locale.ROOT, "%,d", count));
      }
    }
    return reasons.length() == 0 ? "" : reasons.append(')').toString();
  }

  private void line(String label, long value, String detail) {
    console.printf(Locale.ROOT, "  %-20s %,12d%s%n", label, value, detail);
  }

  private long counter(String name) {
    MetricQueryResults results =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(TrafficCounters.NAMESPACE, name))
                    .build());
    long total = 0;
    for (MetricResult<Long> counter : results.getCounters()) {
      Long attempted = counter.getAttempted();
      total += attempted == null ? 0 : attempted;
    }
    return total;
  }

  private double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}

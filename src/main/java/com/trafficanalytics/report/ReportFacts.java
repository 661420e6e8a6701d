package com.trafficanalytics.report;

import java.io.Serializable;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What the report says about the run itself, known before it starts: built by the caller from
 * the options, so that the report needs nothing else from them.
 *
 * @param inputPattern the {@code --inputPath} pattern
 * @param runner the runner's name, e.g. {@code DirectRunner}
 * @param mode the {@code --mode} value
 * @param windowSeconds the window width of {@code minute_traffic}, or null when it does not run
 * @param startedAt when the run was started, as an ISO-8601 instant
 * @param outputs where each output went, in the order to show them
 * @param maxDeadLetterRatio the dead-letter gate, or null when it is off
 * @param showUserIds false to leave user ids (and the dead-letter lines, which may hold them) out
 * @param runDate the day a dated run is for ({@code --runDate}, {@code YYYY-MM-DD}), or null
 */
public record ReportFacts(
    String inputPattern,
    String runner,
    String mode,
    @Nullable Integer windowSeconds,
    String startedAt,
    List<Output> outputs,
    @Nullable Double maxDeadLetterRatio,
    boolean showUserIds,
    @Nullable String runDate)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public ReportFacts {
    outputs = List.copyOf(outputs);
  }

  /**
   * One output of the run.
   *
   * @param name the output's name, e.g. {@code user_traffic}
   * @param where where it went, as the start-up log says it
   */
  public record Output(String name, String where) implements Serializable {
    private static final long serialVersionUID = 1L;
  }
}

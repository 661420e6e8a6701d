package com.trafficanalytics.metrics;

import com.trafficanalytics.events.RejectReason;

/**
 * Names of the pipeline's counters, all in the metrics namespace {@value #NAMESPACE}: the progress
 * and summary lines read them, and the Dataflow console shows them under the same names.
 */
public final class TrafficCounters {
  /** The metrics namespace of every counter of this pipeline. */
  public static final String NAMESPACE = "traffic";

  /** Lines read from the input. */
  public static final String LINES_READ = "lines_read";

  /** Lines counted as events. */
  public static final String EVENTS = "events";

  /** Blank lines, skipped. */
  public static final String BLANK_LINES = "blank_lines";

  /**
   * Lines rejected to the dead letters, whatever the reason: {@code lines_read = events +
   * blank_lines + dead_letters}.
   */
  public static final String DEAD_LETTERS = "dead_letters";

  /**
   * Dead-letter records about a file rather than a line (a file that vanished, a truncated or
   * corrupt compressed file, an empty archive): they come on top of {@link #DEAD_LETTERS}.
   */
  public static final String BROKEN_FILES = "broken_files";

  /**
   * The counter of dead-letter records with {@code reason}, about lines or files alike, e.g.
   * {@code dead_letters_invalid_json}, {@code dead_letters_corrupt_file}.
   */
  public static String deadLetters(RejectReason reason) {
    return DEAD_LETTERS + "_" + reason.counterName();
  }

  /** The counter of rows written to the output {@code outputName}, e.g. {@code rows_user_traffic}. */
  public static String rows(String outputName) {
    return "rows_" + outputName;
  }

  private TrafficCounters() {}
}

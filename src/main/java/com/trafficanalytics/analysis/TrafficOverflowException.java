package com.trafficanalytics.analysis;

/**
 * A group's total bytes passed INT64, the most the output column holds. The run stops with one
 * line that names the analysis, the group and what to do: a total that large cannot come from real
 * response sizes, so a wrapped or capped figure would be a silent lie.
 */
public final class TrafficOverflowException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  <K> TrafficOverflowException(TrafficAnalysis<K> analysis, K group) {
    super(
        analysis.name()
            + ": the total bytes of "
            + analysis.describe(group)
            + " pass "
            + Long.MAX_VALUE
            + " (INT64's maximum): its num_bytes values cannot all be real response sizes;"
            + " correct or remove that group's events and run again");
  }
}

package com.trafficanalytics.read;

import com.trafficanalytics.coders.FieldsCoder;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * How the lines of some part of the input were classified. Every line read is exactly one of an
 * event, a blank line or a dead letter, so {@code linesRead == events + blankLines + deadLetters}.
 * A file that could not be read (whole or past some byte) is no line: it is counted apart, in
 * {@code brokenFiles}, and has a dead-letter record of its own besides those of the lines.
 *
 * <p>Serializable because {@code Combine.globally} keeps the combine fn's default value (here
 * {@link #ZERO}, for an input without lines) inside a DoFn that Beam serializes; without it every
 * run with {@code --maxDeadLetterRatio} fails with a NotSerializableException. Coded compactly, the
 * counts as variable-length longs, by {@link FieldsCoder}.
 *
 * @param linesRead lines read
 * @param events lines counted as events in the results
 * @param blankLines empty or whitespace-only lines, skipped
 * @param deadLetters lines rejected to the dead-letter output
 * @param brokenFiles dead-letter records about a file rather than a line
 */
@DefaultCoder(FieldsCoder.class)
public record LineCounts(
    long linesRead, long events, long blankLines, long deadLetters, long brokenFiles)
    implements Serializable {
  private static final long serialVersionUID = 2L;

  /** No lines. */
  public static final LineCounts ZERO = new LineCounts(0, 0, 0, 0, 0);

  /** The counts of both parts together. */
  public LineCounts plus(LineCounts other) {
    return new LineCounts(
        linesRead + other.linesRead,
        events + other.events,
        blankLines + other.blankLines,
        deadLetters + other.deadLetters,
        brokenFiles + other.brokenFiles);
  }

  /** Whether nothing at all was counted. */
  public boolean isEmpty() {
    return equals(ZERO);
  }

  /**
   * Adds counts up, in a {@code Combine}; the sum of no counts at all (an input without lines) is
   * {@link #ZERO}.
   */
  public static final class Sum extends Combine.BinaryCombineFn<LineCounts> {
    @Override
    public LineCounts apply(LineCounts left, LineCounts right) {
      return left.plus(right);
    }

    @Override
    public LineCounts identity() {
      return ZERO;
    }
  }
}

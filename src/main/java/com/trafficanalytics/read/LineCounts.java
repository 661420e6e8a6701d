package com.trafficanalytics.read;

import com.trafficanalytics.coders.FieldsCoder;
import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How the lines of some part of the input were classified. Every line read is exactly one of an
 * event, a blank line or a dead letter, so {@code linesRead == events + blankLines + deadLetters}.
 * A file that could not be read (whole or past some byte) is no line: it is counted apart, in
 * {@code brokenFiles}, and has a dead-letter record of its own besides those of the lines. The
 * counts carry the event-time span too (the earliest and latest event), so that the report shows
 * it whichever analyses ran; without events there is no span.
 *
 * <p>Serializable because {@code Combine.globally} keeps the combine fn's default value (here
 * {@link #ZERO}, for an input without lines) inside a DoFn that Beam serializes; without it every
 * run with {@code --maxDeadLetterRatio} fails with a NotSerializableException. Coded compactly, the
 * counts as variable-length longs and the span's two times behind a presence byte each, by {@link
 * FieldsCoder}.
 *
 * @param linesRead lines read
 * @param events lines counted as events in the results
 * @param blankLines empty or whitespace-only lines, skipped
 * @param deadLetters lines rejected to the dead-letter output
 * @param brokenFiles dead-letter records about a file rather than a line
 * @param firstEventMillis the earliest event time, epoch milliseconds; null when no events
 * @param lastEventMillis the latest event time, epoch milliseconds; null when no events
 */
@DefaultCoder(FieldsCoder.class)
public record LineCounts(
    long linesRead,
    long events,
    long blankLines,
    long deadLetters,
    long brokenFiles,
    @Nullable Long firstEventMillis,
    @Nullable Long lastEventMillis)
    implements Serializable {
  private static final long serialVersionUID = 3L;

  /** No lines. */
  public static final LineCounts ZERO = new LineCounts(0, 0, 0, 0, 0, null, null);

  /** The span is both times or neither. */
  public LineCounts {
    if ((firstEventMillis == null) != (lastEventMillis == null)) {
      throw new IllegalArgumentException(
          "an event-time span needs both its first and last time: " + firstEventMillis + ", "
              + lastEventMillis);
    }
  }

  /**
   * The counts of both parts together; the span covers both spans. Associative and commutative,
   * with {@link #ZERO} as identity, as a combine needs.
   */
  public LineCounts plus(LineCounts other) {
    return new LineCounts(
        linesRead + other.linesRead,
        events + other.events,
        blankLines + other.blankLines,
        deadLetters + other.deadLetters,
        brokenFiles + other.brokenFiles,
        earlier(firstEventMillis, other.firstEventMillis),
        later(lastEventMillis, other.lastEventMillis));
  }

  /** Whether there is an event-time span, which is whether any event was counted. */
  public boolean hasSpan() {
    return firstEventMillis != null;
  }

  private static @Nullable Long earlier(@Nullable Long a, @Nullable Long b) {
    return a == null ? b : b == null ? a : Long.valueOf(Math.min(a, b));
  }

  private static @Nullable Long later(@Nullable Long a, @Nullable Long b) {
    return a == null ? b : b == null ? a : Long.valueOf(Math.max(a, b));
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

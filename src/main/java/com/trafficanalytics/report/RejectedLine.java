package com.trafficanalytics.report;

import com.trafficanalytics.coders.FieldsCoder;
import java.io.Serializable;
import java.util.Comparator;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A rejected line as the report sees it: its reason code and where it came from, so that the
 * examples of each reason can be chosen deterministically (the first in file and position order).
 *
 * @param reason the reason code, such as {@code invalid_json}
 * @param source the input file, or null when unknown
 * @param position where the line is in its file (a line number or byte offset), or -1 when unknown
 * @param line the line, or its start
 * @param error why it was rejected, for a person to read
 */
@DefaultCoder(RejectedLine.Coder.class)
public record RejectedLine(
    String reason, @Nullable String source, long position, String line, String error)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Lines shown as examples are cut to this many characters, to stay readable. */
  public static final int EXAMPLE_CHARS = 160;

  /** File, then position, then text: the order in which examples are chosen. */
  static final Comparator<RejectedLine> FIRST_IN_INPUT =
      Comparator.comparing(
              (RejectedLine rejected) -> rejected.source(),
              Comparator.nullsLast(Comparator.<String>naturalOrder()))
          .thenComparingLong(RejectedLine::position)
          .thenComparing(RejectedLine::line);

  /** The line and its error cut to {@link #EXAMPLE_CHARS}, an ellipsis marking a cut. */
  RejectedLine cut() {
    return new RejectedLine(reason, source, position, cut(line), cut(error));
  }

  private static String cut(String text) {
    if (text.length() <= EXAMPLE_CHARS) {
      return text;
    }
    int end = EXAMPLE_CHARS;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--; // never split a character in two
    }
    return text.substring(0, end) + "\u2026";
  }

  /**
   * The same without its text or error (which can quote a value), for reports that must not show
   * user ids.
   */
  RejectedLine withoutText() {
    return new RejectedLine(reason, source, position, "", "");
  }

  /** Compact coder: dead letters cross the shuffle once, on their way to the report's counts. */
  public static final class Coder extends FieldsCoder<RejectedLine> {
    private static final Coder INSTANCE = new Coder();

    /** The one instance. */
    public static Coder of() {
      return INSTANCE;
    }

    /** How {@code @DefaultCoder} on {@link RejectedLine} finds this coder. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(RejectedLine.class), INSTANCE);
    }

    private Coder() {
      super(
          rejected ->
              new RejectedLine(
                  rejected.next(),
                  rejected.next(),
                  rejected.next(),
                  rejected.next(),
                  rejected.next()),
          text(RejectedLine::reason),
          optionalText(RejectedLine::source),
          varLong(RejectedLine::position),
          text(RejectedLine::line),
          text(RejectedLine::error));
    }
  }
}

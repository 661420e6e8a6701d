package com.trafficanalytics.report;

import com.trafficanalytics.coders.FieldsCoder;
import java.io.Serializable;
import java.util.Comparator;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A rejected line as the report sees it: its reason code and where it came from, so that the
 * examples of each reason can be chosen deterministically (the first in file and position order).
 * Dead letters cross the shuffle once as these, on their way to the report's counts: coded
 * compactly by {@link FieldsCoder}.
 *
 * @param reason the reason code, such as {@code invalid_json}
 * @param source the input file, or null when unknown
 * @param position where the line is in its file (a line number or byte offset), or -1 when unknown
 * @param line the line, or its start
 * @param error why it was rejected, for a person to read
 */
@DefaultCoder(FieldsCoder.class)
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
}

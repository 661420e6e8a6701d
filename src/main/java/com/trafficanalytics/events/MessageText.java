package com.trafficanalytics.events;

/**
 * Builds the text of rejection messages. Only called once a line is known to be bad, so it is free
 * to allocate.
 */
final class MessageText {
  /** The most characters of an offending value that a message quotes. */
  static final int MAX_QUOTED_CHARS = 100;

  /** The most characters that {@link #quoteBefore} shows of the text before a position. */
  static final int MAX_EXCERPT_CHARS = 30;

  private MessageText() {}

  /**
   * The value in double quotes, JSON-style escaped so that the message stays on one line and is
   * valid Unicode, and cut to {@link #MAX_QUOTED_CHARS} characters with {@code ...} after the quote
   * when longer.
   */
  static String quote(CharSequence value) {
    int end = Math.min(value.length(), MAX_QUOTED_CHARS);
    // Do not split a surrogate pair: half of one would print as garbage.
    if (end < value.length() && end > 0 && isPair(value, end - 1)) {
      end--;
    }
    return quoted(value, 0, end, false);
  }

  /**
   * The last characters of {@code text} before {@code end} (at most {@link #MAX_EXCERPT_CHARS}),
   * quoted as {@link #quote} does, with {@code ...} before the quote when cut.
   */
  static String quoteBefore(CharSequence text, int end) {
    int start = Math.max(0, end - MAX_EXCERPT_CHARS);
    // Do not split a surrogate pair at the start either.
    if (start > 0 && isPair(text, start - 1)) {
      start++;
    }
    return quoted(text, start, end, true);
  }

  private static String quoted(CharSequence value, int start, int end, boolean cutBefore) {
    StringBuilder out = new StringBuilder(end - start + 8);
    if (cutBefore && start > 0) {
      out.append("...");
    }
    out.append('"');
    for (int i = start; i < end; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (isPair(value, i) && i + 1 < end) {
            out.append(c).append(value.charAt(++i));
          } else if (c < 0x20
              || c == 0x7f
              || c == 0x85
              || c == 0x2028
              || c == 0x2029
              || Character.isSurrogate(c)) {
            // Control characters and Unicode line breaks would break the line; a surrogate that
            // is not half of a pair is not Unicode text and would print as "?".
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
    if (!cutBefore && end < value.length()) {
      out.append("...");
    }
    return out.toString();
  }

  /** Whether a high surrogate at {@code i} is followed by a low surrogate. */
  private static boolean isPair(CharSequence text, int i) {
    return Character.isHighSurrogate(text.charAt(i))
        && i + 1 < text.length()
        && Character.isLowSurrogate(text.charAt(i + 1));
  }

  /** The text itself, cut to {@link #MAX_QUOTED_CHARS} characters with {@code ...} when longer. */
  static String cut(String text) {
    return cut(text, MAX_QUOTED_CHARS);
  }

  /** The text itself, cut to {@code maxChars} characters with {@code ...} when longer. */
  static String cut(String text, int maxChars) {
    return text.length() <= maxChars ? text : text.substring(0, maxChars) + "...";
  }
}

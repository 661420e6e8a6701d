package com.trafficanalytics.events;

/**
 * Builds the text of rejection messages. Only called once a line is known to be bad, so it is free
 * to allocate.
 */
final class MessageText {
  /** The most characters of an offending value that a message quotes. */
  static final int MAX_QUOTED_CHARS = 100;

  private MessageText() {}

  /**
   * The value in double quotes, JSON-style escaped so that the message stays on one line, and cut
   * to {@link #MAX_QUOTED_CHARS} characters with {@code ...} after the quote when longer.
   */
  static String quote(CharSequence value) {
    int end = Math.min(value.length(), MAX_QUOTED_CHARS);
    // Do not split a surrogate pair: half of one would print as garbage.
    if (end < value.length() && end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    StringBuilder out = new StringBuilder(end + 8).append('"');
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          // Other control characters and Unicode line breaks would also break the line.
          if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
    if (end < value.length()) {
      out.append("...");
    }
    return out.toString();
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

package com.trafficanalytics.events;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Turns one line of newline-delimited JSON into an {@link Event}, or says why it is not one.
 *
 * <p>A line is an event when it is exactly one strict JSON object (RFC 8259: no comments, single
 * quotes, unquoted names, NaN or Infinity, no name twice in any object at any depth, nothing but
 * whitespace after it, no byte-order mark before it) with:
 *
 * <ul>
 *   <li>{@code user_id}: a non-empty string of valid Unicode (no unpaired UTF-16 surrogate, which
 *       only an escape such as <code>&#92;ud800</code> can write), or a JSON integer within int64
 *       (taken as its canonical decimal text, so {@code -0} is {@code "0"});
 *   <li>{@code timestamp}: a string that {@link EventTimestamps#parseMillis} accepts;
 *   <li>{@code num_bytes}: a JSON integer within int64 that is {@code >= 0}.
 * </ul>
 *
 * <p>Other fields may hold any JSON value, nested to any depth. When a line has several problems,
 * the one reported is the first of: {@link RejectReason#INVALID_JSON}, {@link
 * RejectReason#NOT_AN_OBJECT}, {@link RejectReason#TRAILING_DATA}, {@link
 * RejectReason#DUPLICATE_FIELD}, then the problems of {@code user_id}, {@code timestamp} and {@code
 * num_bytes} in that order (missing or invalid). So a line that is not strict JSON is always
 * reported as such, whatever its fields hold.
 *
 * <p>It runs once per input line. A line of the simple shape almost every log line has (one flat
 * object in ASCII) is read in one pass by {@link FlatLine}, from the reader's bytes ({@link
 * #parseIfFlat}) or from its text ({@link #parse}); any other line is streamed over with Gson's
 * {@link JsonReader}, decoding only the three fields' values. It throws only for a bad line. It has
 * no state and is safe to use from any number of threads.
 *
 * <p>Gson decides what is JSON (FlatLine accepts only lines Gson accepts, and rejects none: every
 * line it does not read goes to Gson); the messages are ours, built from where Gson stopped (see
 * {@link #invalidJson}), never from Gson's own English text, which may change with any Gson
 * version.
 *
 * <p>What Gson's {@link Strictness#STRICT} mode was checked to do (Gson 2.13.2): it rejects leading
 * zeros ({@code 012}, {@code -01}), {@code +1}, {@code .5}, {@code 1.}, {@code 0x10}, NaN and
 * Infinity, single quotes, unquoted names and literals, comments, trailing commas, invalid escapes
 * (including {@code \'}) and anything after the top-level value. Three gaps are closed here: Gson
 * skips a byte-order mark at the start of its input, which this parser rejects (the reader drops
 * the one a file may start with, so one here sits in the middle of a file); {@code skipValue()}
 * lets unescaped control characters through in a string while {@code nextString()} rejects them
 * (see {@link Walker#skipValue}); and {@code nextLong()} is not strict enough for our fields (it
 * takes {@code 1.0}, {@code 1e3} and the string {@code "12"}, and clamps {@code
 * 9223372036854775808} to {@code Long.MAX_VALUE}), so the integer fields are read as number text
 * and checked here. Gson's nesting limit (255 by default) is lifted: depth costs Gson and the
 * {@link Walker} an array slot per level, never a stack frame, and the line's length bounds it.
 */
public final class EventParser {
  private static final char BYTE_ORDER_MARK = '\ufeff';

  private EventParser() {}

  /** Whether the line holds nothing but whitespace; such lines are skipped, not rejected. */
  public static boolean isBlank(String line) {
    return line.isBlank();
  }

  /**
   * Parses a non-blank line.
   *
   * @param line one line of input, without its line terminator
   * @return the event that the line describes
   * @throws InvalidEventException when the line is not a valid event; its reason and message say
   *     why
   */
  public static Event parse(String line) throws InvalidEventException {
    if (!line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
      throw new InvalidEventException(
          RejectReason.INVALID_JSON,
          "invalid JSON: the line starts with a byte-order mark (U+FEFF), which only the start of"
              + " a file may hold; were files joined together?");
    }
    EventFields flat = FlatLine.read(line);
    return flat != null ? flat.toEvent() : parseWithGson(line);
  }

  /**
   * The event of a line of the usual flat shape (see {@link FlatLine}), read from its UTF-8 bytes
   * without decoding the line; or null when the line is not of that shape, and must be decoded and
   * given to {@link #parse}, which then decides.
   *
   * @param bytes holds the line from {@code from} to {@code to}, its terminator left out
   * @throws InvalidEventException when the line is of the shape but a field is missing or invalid
   */
  public static Event parseIfFlat(byte[] bytes, int from, int to) throws InvalidEventException {
    EventFields flat = FlatLine.read(bytes, from, to);
    return flat == null ? null : flat.toEvent();
  }

  /**
   * Parses a non-blank line that does not start with a byte-order mark by walking it with Gson:
   * what {@link #parse} does for every line that {@link FlatLine} does not read, and the oracle it
   * is tested against.
   */
  static Event parseWithGson(String line) throws InvalidEventException {
    boolean hasControlCharacter = hasControlCharacter(line);
    Walker walker = new Walker(jsonReader(new StringReader(line)), hasControlCharacter);
    try {
      walker.walkLine(line);
    } catch (IOException e) {
      // MalformedJsonException, or EOFException for a line cut short.
      throw invalidJson(line, hasControlCharacter);
    }
    if (walker.duplicate != null) {
      throw new InvalidEventException(RejectReason.DUPLICATE_FIELD, walker.duplicate);
    }
    return walker.fields.toEvent();
  }

  private static JsonReader jsonReader(Reader reader) {
    JsonReader in = new JsonReader(reader);
    in.setStrictness(Strictness.STRICT);
    in.setNestingLimit(Integer.MAX_VALUE);
    return in;
  }

  /**
   * The rejection of a line that Gson found not to be JSON, in our words: walks the line again with
   * a reader that hands Gson one character at a time, so the number of characters handed out when
   * Gson gives up is where it stopped. Gson reads at most a token ahead (a number or literal up to
   * the character after it), so that is the offending character or just after the offending token;
   * the message quotes the text up to there. A line that ends too early says so, with the JSON path
   * Gson was at. Only rejected lines pay for the second walk.
   */
  private static InvalidEventException invalidJson(String line, boolean hasControlCharacter) {
    CountingReader counting = new CountingReader(line);
    JsonReader in = jsonReader(counting);
    String message = "invalid JSON";
    try {
      new Walker(in, hasControlCharacter).walkLine(line);
    } catch (IOException e) {
      if (counting.reachedEnd) {
        String path = in.getPath();
        message =
            "invalid JSON: the line ends before the JSON text is complete"
                + (path.length() > 2 ? " (path " + MessageText.cut(path, 200) + ")" : "");
      } else {
        message =
            "invalid JSON at column "
                + counting.position
                + ": the parser stopped after "
                + MessageText.quoteBefore(line, counting.position);
      }
    } catch (InvalidEventException e) {
      // Not reached: the same walk over the same text failed with an IOException the first time.
    }
    return new InvalidEventException(RejectReason.INVALID_JSON, message);
  }

  /**
   * A reader over a string that returns one character per call and counts them, so that a {@link
   * JsonReader} reading it never holds more of the line than it has asked for.
   */
  private static final class CountingReader extends Reader {
    private final String text;

    /** How many characters were handed out. */
    int position;

    /** Whether the reader was asked for more after the last character. */
    boolean reachedEnd;

    CountingReader(String text) {
      this.text = text;
    }

    @Override
    public int read(char[] buffer, int offset, int length) {
      if (length == 0) {
        return 0;
      }
      if (position == text.length()) {
        reachedEnd = true;
        return -1;
      }
      buffer[offset] = text.charAt(position++);
      return 1;
    }

    @Override
    public void close() {}
  }

  /**
   * Whether the line has a character below U+0020. Such a character is legal only as JSON
   * whitespace (tab, CR, LF) outside strings; inside a string RFC 8259 forbids it. Real lines
   * almost never have one, and scanning for it is cheaper than having Gson decode every skipped
   * string (see {@link Walker#skipValue}).
   */
  private static boolean hasControlCharacter(String line) {
    for (int i = 0, length = line.length(); i < length; i++) {
      if (line.charAt(i) < 0x20) {
        return true;
      }
    }
    return false;
  }

  /** Rejects anything but whitespace after the top-level object. */
  private static void checkNothingFollows(JsonReader in, String line) throws InvalidEventException {
    try {
      // In strict mode peek() returns END_DOCUMENT at the end and throws on anything else.
      if (in.peek() == JsonToken.END_DOCUMENT) {
        return;
      }
    } catch (IOException expected) {
      // Gson's message here speaks of lenient mode; ours names the column instead.
    }
    throw new InvalidEventException(
        RejectReason.TRAILING_DATA,
        "trailing data after the JSON object at column " + (trailingDataIndex(line) + 1));
  }

  /**
   * Where the first character after the top-level object is, given that the object itself has
   * already been read as valid JSON: finds its closing brace, then skips JSON whitespace.
   */
  private static int trailingDataIndex(String line) {
    int depth = 0;
    boolean inString = false;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i++);
      if (inString) {
        if (c == '\\') {
          i++; // The escaped character cannot end the string.
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        break;
      }
    }
    while (i < line.length() && isJsonWhitespace(line.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isJsonWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  static String userId(JsonToken token, String text) throws InvalidEventException {
    if (token == null) {
      throw missing(EventFields.USER_ID);
    }
    if (token == JsonToken.STRING && !text.isEmpty()) {
      int surrogate = unpairedSurrogateIndex(text);
      if (surrogate < 0) {
        return text;
      }
      // Such a string has no UTF-8 form: it would reach the results as "?", merged with others.
      throw new InvalidEventException(
          RejectReason.INVALID_USER_ID,
          "field \"user_id\" must be valid Unicode text, got the string "
              + MessageText.quote(text)
              + String.format(
                  " with an unpaired UTF-16 surrogate (U+%04X) at character %d",
                  (int) text.charAt(surrogate), surrogate + 1));
    }
    if (token == JsonToken.NUMBER && isInt64(text)) {
      return Long.toString(Long.parseLong(text)); // Canonical form: "-0" becomes "0".
    }
    throw new InvalidEventException(
        RejectReason.INVALID_USER_ID,
        "field \"user_id\" must be a non-empty string or an integer, got "
            + describeValue(token, text));
  }

  /**
   * Where the first UTF-16 surrogate that is not half of a pair is, or -1 when there is none (a
   * string of Unicode scalar values). Only JSON escapes such as <code>&#92;ud800</code> can make
   * one: decoded UTF-8 holds none.
   */
  private static int unpairedSurrogateIndex(String text) {
    for (int i = 0, length = text.length(); i < length; i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < length
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++; // A well-formed pair.
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  static long timestampMillis(JsonToken token, String text) throws InvalidEventException {
    if (token == null) {
      throw missing(EventFields.TIMESTAMP);
    }
    if (token != JsonToken.STRING) {
      throw new InvalidEventException(
          RejectReason.INVALID_TIMESTAMP,
          "field \"timestamp\" must be a date-time string, got " + describeValue(token, text));
    }
    return EventTimestamps.parseMillis(text);
  }

  static long numBytes(JsonToken token, String text) throws InvalidEventException {
    if (token == null) {
      throw missing(EventFields.NUM_BYTES);
    }
    if (token == JsonToken.NUMBER && isInt64(text)) {
      long value = Long.parseLong(text);
      if (value >= 0) {
        return value;
      }
    }
    throw new InvalidEventException(
        RejectReason.INVALID_NUM_BYTES,
        "field \"num_bytes\" must be an integer >= 0, got " + describeValue(token, text));
  }

  /**
   * Whether the number text is a JSON integer, {@code -?(0|[1-9][0-9]*)}, that fits in a long, so
   * that {@link Long#parseLong} cannot throw on it. Gson already rejects leading zeros and a plus
   * sign; they are checked again here so that this method is right on its own.
   */
  private static boolean isInt64(String text) {
    int start = !text.isEmpty() && text.charAt(0) == '-' ? 1 : 0;
    int digits = text.length() - start;
    if (digits == 0 || digits > 19 || (digits > 1 && text.charAt(start) == '0')) {
      return false;
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    if (digits < 19) {
      return true;
    }
    // Digit strings of the same length compare like the numbers they spell.
    String limit = start == 0 ? "9223372036854775807" : "9223372036854775808";
    return text.substring(start).compareTo(limit) <= 0;
  }

  private static InvalidEventException missing(String field) {
    return new InvalidEventException(RejectReason.MISSING_FIELD, "missing field \"" + field + "\"");
  }

  /** How a rejected value is shown in a message, e.g. {@code -5}, {@code "12"} or {@code null}. */
  private static String describeValue(JsonToken token, String text) {
    return switch (token) {
      case STRING -> text.isEmpty() ? "an empty string" : "the string " + MessageText.quote(text);
      case NUMBER -> MessageText.cut(text);
      case BOOLEAN, NULL -> text;
      default -> describe(token);
    };
  }

  /** The kind of JSON value that starts with this token, as a noun phrase. */
  private static String describe(JsonToken token) {
    return switch (token) {
      case BEGIN_OBJECT -> "a JSON object";
      case BEGIN_ARRAY -> "a JSON array";
      case STRING -> "a JSON string";
      case NUMBER -> "a JSON number";
      case BOOLEAN -> "a JSON boolean";
      case NULL -> "JSON null";
      default -> token.toString();
    };
  }

  /**
   * Walks one line's JSON, skipping what the event does not use while still checking it strictly,
   * keeps the three fields' values as (token, text), and keeps the names seen in each open object
   * to find duplicates.
   *
   * <p>The names are a flat stack: an object's names sit above those of the objects that contain
   * it, and are dropped when it closes. Objects in log lines have a handful of names, so a linear
   * scan (comparing cached hash codes first) beats a hash set and allocates less. An object with
   * more than {@link #LINEAR_SCAN_LIMIT} names moves to a hash set, so that a hostile line with
   * many thousands of names cannot make the scan quadratic.
   *
   * <p>Nested values are walked in a loop, not by recursion, so that no depth of nesting can
   * overflow the thread's stack: what an open object must restore when it closes is kept in arrays.
   */
  private static final class Walker {
    private static final int LINEAR_SCAN_LIMIT = 32;

    private final JsonReader in;

    /**
     * Whether skipped strings must be decoded: Gson's {@code skipValue()} does not reject unescaped
     * control characters in a string, while its {@code nextString()} does in strict mode.
     */
    private final boolean decodeSkippedStrings;

    private String[] names = new String[16];
    private int size;

    /** Where the names of the innermost open object start in {@link #names}. */
    private int currentStart;

    /** The names of the innermost open object once it has too many to scan, else null. */
    private Set<String> currentSet;

    /** How many objects enclose the current one; 0 for the top-level object. */
    private int depth;

    /**
     * For each enclosing object, by depth, its {@link #currentStart} and {@link #currentSet}, to
     * restore when the object inside it closes. Created for the first nested object.
     */
    private int[] enclosingStarts;

    private Object[] enclosingSets;

    /** The message for the first duplicate found, reported once the line is known to be JSON. */
    String duplicate;

    /** The three fields' tokens and texts (see {@link #readFieldValue}). */
    final EventFields fields = new EventFields();

    Walker(JsonReader in, boolean decodeSkippedStrings) {
      this.in = in;
      this.decodeSkippedStrings = decodeSkippedStrings;
    }

    /**
     * Reads the whole line: one JSON value, which must be an object, then nothing but whitespace.
     * The three fields are captured as (token, text) and judged by the caller only once the whole
     * line is known to be strict JSON, so that syntax problems take precedence.
     *
     * @throws IOException when the line is not JSON
     * @throws InvalidEventException when it is JSON but not an object, or has trailing data
     */
    void walkLine(String line) throws IOException, InvalidEventException {
      JsonToken first = in.peek();
      if (first != JsonToken.BEGIN_OBJECT) {
        // Make sure it is JSON at all before calling it "not an object".
        skipValue();
        throw new InvalidEventException(
            RejectReason.NOT_AN_OBJECT, "not a JSON object: the line is " + describe(first));
      }
      in.beginObject();
      while (in.hasNext()) {
        String name = in.nextName();
        addName(name);
        if (EventFields.isField(name)) {
          JsonToken token = in.peek();
          fields.put(name, token, readFieldValue(token));
        } else {
          skipValue();
        }
      }
      in.endObject();
      checkNothingFollows(in, line);
    }

    /**
     * Reads the value of one of our fields: the text of a string or number, the word for a literal,
     * or null for an object or array (walked, so that duplicates inside it are found).
     */
    private String readFieldValue(JsonToken token) throws IOException {
      return switch (token) {
        // For a NUMBER this is the number's own text (e.g. "1e3", "-0"), which we check ourselves.
        case STRING, NUMBER -> in.nextString();
        case BOOLEAN -> in.nextBoolean() ? "true" : "false";
        case NULL -> {
          in.nextNull();
          yield "null";
        }
        default -> {
          skipValue();
          yield null;
        }
      };
    }

    /**
     * Skips one value, but walks objects and arrays name by name: {@link JsonReader#skipValue()}
     * would not notice a duplicate name inside them. Primitives are skipped by Gson, which still
     * checks their syntax in strict mode (numbers, literals, escapes), except for control
     * characters in strings.
     */
    private void skipValue() throws IOException {
      switch (in.peek()) {
        case BEGIN_OBJECT, BEGIN_ARRAY -> skipNested();
        case STRING -> skipString();
        default -> in.skipValue();
      }
    }

    private void skipString() throws IOException {
      if (decodeSkippedStrings) {
        in.nextString();
      } else {
        in.skipValue();
      }
    }

    /**
     * Skips an object or array and everything in it, in a loop rather than by recursion, so that no
     * depth can overflow the thread's stack. Kept apart from {@link #skipValue}, which runs for
     * every skipped field and stays small.
     */
    private void skipNested() throws IOException {
      int open = 0; // Objects and arrays entered here and not yet left.
      do {
        switch (in.peek()) {
          case BEGIN_OBJECT -> {
            in.beginObject();
            enterObject();
            open++;
          }
          case END_OBJECT -> {
            in.endObject();
            leaveObject();
            open--;
          }
          case BEGIN_ARRAY -> {
            in.beginArray();
            open++;
          }
          case END_ARRAY -> {
            in.endArray();
            open--;
          }
          case NAME -> addName(in.nextName());
          case STRING -> skipString();
          default -> in.skipValue();
        }
      } while (open > 0);
    }

    /** Starts a new, empty set of names for an object inside the current one. */
    private void enterObject() {
      if (enclosingStarts == null) {
        enclosingStarts = new int[8];
        enclosingSets = new Object[8];
      } else if (depth == enclosingStarts.length) {
        enclosingStarts = Arrays.copyOf(enclosingStarts, depth * 2);
        enclosingSets = Arrays.copyOf(enclosingSets, depth * 2);
      }
      enclosingStarts[depth] = currentStart;
      enclosingSets[depth] = currentSet;
      depth++;
      currentStart = size;
      currentSet = null;
    }

    /** Drops the closed object's names and returns to those of the object around it. */
    @SuppressWarnings("unchecked") // Only Set<String> values are stored in enclosingSets.
    private void leaveObject() {
      depth--;
      size = currentStart;
      currentStart = enclosingStarts[depth];
      currentSet = (Set<String>) enclosingSets[depth];
      enclosingSets[depth] = null;
    }

    /** Records a name of the current object, noting it if the object already has it. */
    private void addName(String name) {
      boolean isNew = currentSet != null ? currentSet.add(name) : scanAndPush(name);
      if (!isNew && duplicate == null) {
        duplicate = duplicateMessage(name);
      }
    }

    /** Looks for the name among the current object's; adds it if absent. Returns whether it was. */
    private boolean scanAndPush(String name) {
      int hash = name.hashCode();
      for (int i = currentStart; i < size; i++) {
        String seen = names[i];
        if (seen.hashCode() == hash && seen.equals(name)) {
          return false;
        }
      }
      if (size == names.length) {
        names = Arrays.copyOf(names, size * 2);
      }
      names[size++] = name;
      if (size - currentStart > LINEAR_SCAN_LIMIT) {
        currentSet = new HashSet<>(Arrays.asList(names).subList(currentStart, size));
      }
      return true;
    }

    private String duplicateMessage(String name) {
      String message = "duplicate field " + MessageText.quote(name);
      // A nested duplicate also says where it is; at the top level the name says it all.
      return depth == 0 ? message : message + " at " + MessageText.cut(in.getPath(), 200);
    }
  }
}

package com.trafficanalytics.testing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The expected results of a run, computed the plain way and with none of the pipeline's code: a
 * loop over the lines, Jackson (strict) instead of Gson for the JSON, java.time for the
 * timestamps, hash maps for the aggregation. Tests compare the pipeline against it.
 */
public final class ExpectedTraffic {
  private static final ObjectMapper STRICT_JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
  private static final Pattern TIMESTAMP_SHAPE =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})?");

  /** Event times BigQuery can store with a window of up to 365 days before them. */
  private static final Instant EARLIEST = Instant.parse("0002-01-01T00:00:00Z");

  private static final Instant AFTER_LATEST = Instant.parse("+10000-01-01T00:00:00Z");

  /** Per user: pageviews, total, max, min bytes. */
  public final Map<String, long[]> users = new HashMap<>();

  /** Per window start (epoch ms): pageviews. */
  public final Map<Long, Long> windows = new TreeMap<>();

  public long linesRead;
  public long events;

  /** The earliest and the latest event time (epoch ms); null when there is no event. */
  public Long firstEventMillis;

  public Long lastEventMillis;
  public long blankLines;
  public final List<String> rejectedLines = new ArrayList<>();

  /** Of the rejected lines ({@link #ofBytes} only): the original bytes of those not UTF-8. */
  public final List<byte[]> notUtf8Lines = new ArrayList<>();

  /** Of the rejected lines ({@link #ofBytes} only): the kept text of those over the limit. */
  public final List<String> cutLines = new ArrayList<>();

  /** Per reason code (the dead letters' names for them): the rejected lines, in input order. */
  public final Map<String, List<String>> rejectedByReason = new TreeMap<>();

  /**
   * The users whose total bytes pass INT64's maximum: no run can write their figure, so a run
   * over these lines that outputs user_traffic must fail naming one of them.
   */
  public final Set<String> usersPastInt64 = new TreeSet<>();

  // Reasons are told apart by parsing again, each time stricter: what fails first is the reason.
  private static final ObjectMapper LENIENT_JSON = new ObjectMapper();
  private static final ObjectMapper NO_TRAILING_JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final long windowMillis;

  private ExpectedTraffic(int windowSeconds) {
    this.windowMillis = windowSeconds * 1000L;
  }

  /** The lines of {@code files} as TextIO splits them: at \n, \r\n or \r; a leading BOM dropped. */
  public static List<String> linesOf(Path... files) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      String[] split = text.split("\r\n|\r|\n", -1);
      int count =
          text.isEmpty() || text.endsWith("\n") || text.endsWith("\r")
              ? split.length - 1
              : split.length;
      lines.addAll(Arrays.asList(split).subList(0, count));
    }
    return lines;
  }

  /** The expected results over {@code lines} (as TextIO splits them) with windows of this size. */
  public static ExpectedTraffic of(List<String> lines, int windowSeconds) {
    ExpectedTraffic expected = new ExpectedTraffic(windowSeconds);
    lines.forEach(expected::take);
    return expected;
  }

  /**
   * The expected results over the raw bytes of input files, each split here into lines the way
   * TextIO does (at {@code \n}, {@code \r\n} or {@code \r}; a leading byte-order mark dropped;
   * no empty line after a final terminator). A line longer than {@code maxLineBytes} is rejected
   * and keeps its longest prefix of whole characters within the limit; a line whose bytes are not
   * UTF-8 (they do not survive a decode and encode unchanged) is rejected with its bytes; only then
   * is a line judged as text.
   */
  public static ExpectedTraffic ofBytes(List<byte[]> files, int windowSeconds, int maxLineBytes) {
    ExpectedTraffic expected = new ExpectedTraffic(windowSeconds);
    for (byte[] content : files) {
      int start = content.length >= 3 && (content[0] & 0xFF) == 0xEF
          && (content[1] & 0xFF) == 0xBB && (content[2] & 0xFF) == 0xBF ? 3 : 0;
      int i = start;
      while (start < content.length) {
        while (i < content.length && content[i] != '\n' && content[i] != '\r') {
          i++;
        }
        expected.takeBytes(Arrays.copyOfRange(content, start, i), maxLineBytes);
        if (i < content.length && content[i] == '\r' && i + 1 < content.length
            && content[i + 1] == '\n') {
          i++;
        }
        start = ++i;
      }
    }
    return expected;
  }

  private void takeBytes(byte[] line, int maxLineBytes) {
    String text = new String(line, StandardCharsets.UTF_8);
    boolean utf8 = Arrays.equals(text.getBytes(StandardCharsets.UTF_8), line);
    if (line.length > maxLineBytes) {
      linesRead++;
      StringBuilder kept = new StringBuilder();
      int keptBytes = 0;
      for (int codePoint : text.codePoints().toArray()) {
        int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
        if (keptBytes + size > maxLineBytes) {
          break;
        }
        kept.appendCodePoint(codePoint);
        keptBytes += size;
      }
      reject("line_too_long", kept.toString());
      cutLines.add(kept.toString());
    } else if (!utf8) {
      linesRead++;
      reject("invalid_utf8", text);
      notUtf8Lines.add(line);
    } else {
      take(text);
    }
  }

  private void take(String line) {
    linesRead++;
    if (line.isBlank()) {
      blankLines++;
      return;
    }
    String user;
    long millis;
    long bytes;
    try {
      if (line.startsWith("\uFEFF")) {
        throw new IllegalArgumentException("byte-order mark inside a file");
      }
      JsonNode event = STRICT_JSON.readTree(line);
      if (event == null || !event.isObject()) {
        throw new IllegalArgumentException("not an object");
      }
      user = userId(event.get("user_id"));
      millis = timestamp(event.get("timestamp"));
      bytes = numBytes(event.get("num_bytes"));
    } catch (Exception e) {
      reject(reasonOf(line), line);
      return;
    }
    events++;
    firstEventMillis = firstEventMillis == null ? millis : Math.min(firstEventMillis, millis);
    lastEventMillis = lastEventMillis == null ? millis : Math.max(lastEventMillis, millis);
    users.merge(user, new long[] {1, bytes, bytes, bytes}, (a, b) -> new long[] {
      a[0] + b[0], totalOf(user, a[1], b[1]), Math.max(a[2], b[2]), Math.min(a[3], b[3])
    });
    windows.merge(Math.floorDiv(millis, windowMillis) * windowMillis, 1L, Long::sum);
  }

  private void reject(String reason, String line) {
    rejectedLines.add(line);
    rejectedByReason.computeIfAbsent(reason, r -> new ArrayList<>()).add(line);
  }

  /** A user's total bytes; past INT64 the user is noted and the total kept at the maximum. */
  private long totalOf(String user, long a, long b) {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException e) {
      usersPastInt64.add(user);
      return Long.MAX_VALUE;
    }
  }

  /** Why a line that is not an event was rejected, as a reason code such as "invalid_json". */
  static String reasonOf(String line) {
    // Only the start of a file may hold a byte-order mark; one on a line means files were joined.
    if (line.startsWith("\uFEFF")) {
      return "invalid_json";
    }
    JsonNode lenient;
    try {
      lenient = LENIENT_JSON.readTree(line);
    } catch (Exception e) {
      return "invalid_json";
    }
    if (lenient == null || !lenient.isObject()) {
      return "not_an_object";
    }
    try {
      NO_TRAILING_JSON.readTree(line);
    } catch (Exception e) {
      return "trailing_data";
    }
    JsonNode event;
    try {
      event = STRICT_JSON.readTree(line);
    } catch (Exception e) {
      return "duplicate_field";
    }
    // The fields are judged in this order, each missing or invalid, the first problem winning.
    if (!event.has("user_id")) {
      return "missing_field";
    }
    try {
      userId(event.get("user_id"));
    } catch (IllegalArgumentException e) {
      return "invalid_user_id";
    }
    if (!event.has("timestamp")) {
      return "missing_field";
    }
    try {
      timestamp(event.get("timestamp"));
    } catch (OutOfRange e) {
      return "timestamp_out_of_range";
    } catch (RuntimeException e) {
      return "invalid_timestamp";
    }
    return event.has("num_bytes") ? "invalid_num_bytes" : "missing_field";
  }

  private static String userId(JsonNode node) {
    if (node != null && node.isTextual() && !node.asText().isEmpty()) {
      // Code points in the surrogate range are halves of no pair: not Unicode text.
      if (node.asText().codePoints().anyMatch(c -> c >= 0xD800 && c <= 0xDFFF)) {
        throw new IllegalArgumentException("user_id");
      }
      return node.asText();
    }
    if (node != null && node.isIntegralNumber() && node.canConvertToLong()) {
      return Long.toString(node.longValue());
    }
    throw new IllegalArgumentException("user_id");
  }

  private static long timestamp(JsonNode node) {
    if (node == null || !node.isTextual() || !TIMESTAMP_SHAPE.matcher(node.asText()).matches()) {
      throw new IllegalArgumentException("timestamp");
    }
    String iso = node.asText().replace(' ', 'T').replace('t', 'T').replace('z', 'Z');
    Instant instant =
        iso.length() > 19 && (iso.endsWith("Z") || iso.charAt(iso.length() - 6) == '+'
                || iso.charAt(iso.length() - 6) == '-')
            ? OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant()
            : LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
    if (instant.isBefore(EARLIEST) || !instant.isBefore(AFTER_LATEST)) {
      throw new OutOfRange();
    }
    // Instant's nanoseconds are never negative, so this floors to the millisecond (and, unlike
    // nanoseconds since the epoch, does not overflow past the year 2262).
    return instant.toEpochMilli();
  }

  /** A well-formed date-time outside what BigQuery holds with room for a window. */
  private static final class OutOfRange extends IllegalArgumentException {
    OutOfRange() {
      super("timestamp out of range");
    }
  }

  private static long numBytes(JsonNode node) {
    if (node != null && node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0) {
      return node.longValue();
    }
    throw new IllegalArgumentException("num_bytes");
  }

    /** Asserts that the files in {@code userFolder} and {@code minuteFolder} hold exactly these rows. */
  public void assertRowsIn(Path userFolder, Path minuteFolder) {
    assertThat(OutputFiles.rows(userFolder), containsInAnyOrder(userRows().toArray()));
    assertThat(OutputFiles.rows(minuteFolder), containsInAnyOrder(minuteRows().toArray()));
  }

  /** Asserts that a run's {@code user_traffic/} and {@code minute_traffic/} hold exactly these rows. */
  public void assertRowsUnder(Path output) {
    assertRowsIn(output.resolve("user_traffic"), output.resolve("minute_traffic"));
  }

/** The expected user_traffic rows, as the JSON files hold them. */
  public List<Map<String, Object>> userRows() {
    List<Map<String, Object>> rows = new ArrayList<>();
    users.forEach((user, s) -> rows.add(Map.of(
        "user_id", user, "pageviews", s[0], "total_bytes", s[1], "max_bytes", s[2], "min_bytes", s[3])));
    return rows;
  }

  /** The expected minute_traffic rows, as the JSON files hold them. */
  public List<Map<String, Object>> minuteRows() {
    DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    List<Map<String, Object>> rows = new ArrayList<>();
    windows.forEach((start, count) -> rows.add(Map.of(
        "timestamp", format.format(Instant.ofEpochMilli(start)), "pageviews", count)));
    return rows;
  }
}

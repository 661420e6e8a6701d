package com.trafficanalytics.sample;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Tests for {@link EventGenerator}: determinism, shape of every line, and the data's spread. */
public class EventGeneratorTest {

  @Rule public TemporaryFolder temp = new TemporaryFolder();

  private static final List<String> FIELDS = List.of(
      "user_id", "ip", "lat", "lng", "timestamp", "http_request", "http_response", "num_bytes",
      "user_agent");

  /** The lab's exact spacing and field order, value shapes included. */
  private static final Pattern LINE_SHAPE = Pattern.compile(
      "\\{\"user_id\": \"-?\\d{1,19}\", \"ip\": \"\\d{1,3}(\\.\\d{1,3}){3}\","
          + " \"lat\": -?\\d+\\.\\d+, \"lng\": -?\\d+\\.\\d+,"
          + " \"timestamp\": \"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z\","
          + " \"http_request\": \"\\\\\"(GET|POST) [a-z]+\\.html HTTP/1\\.0\\\\\"\","
          + " \"http_response\": \\d{3}, \"num_bytes\": \\d+, \"user_agent\": \"[^\"]+\"\\}");

  private static String generate(long events, int users, double hours, long seed)
      throws IOException {
    StringWriter out = new StringWriter();
    new EventGenerator(events, users, hours, seed).writeTo(out);
    return out.toString();
  }

  private static List<String> lines(String text) {
    assertTrue("output ends with a newline", text.isEmpty() || text.endsWith("\n"));
    return text.isEmpty()
        ? List.of()
        : List.of(text.substring(0, text.length() - 1).split("\n", -1));
  }

  private static Map<String, Integer> eventsPerUser(EventGenerator generator) throws IOException {
    StringWriter out = new StringWriter();
    generator.writeTo(out);
    Map<String, Integer> perUser = new HashMap<>();
    for (String line : lines(out.toString())) {
      assertTrue("shape of: " + line, LINE_SHAPE.matcher(line).matches());
      perUser.merge(
          JsonParser.parseString(line).getAsJsonObject().get("user_id").getAsString(), 1,
          Integer::sum);
    }
    return perUser;
  }

  /** As many users as events, drawn uniformly: 1 - 1/e of them appear, most once or twice. */
  @Test
  public void uniformDrawsReachTheHighestCardinality() throws IOException {
    int events = 20_000;
    Map<String, Integer> perUser =
        eventsPerUser(new EventGenerator(events, events, 1, 3, EventGenerator.DEFAULT_START, true, 0));
    assertEquals(events, perUser.values().stream().mapToInt(Integer::intValue).sum());
    double share = (double) perUser.size() / events;
    assertTrue("share of users that appear: " + share, share > 0.62 && share < 0.645);
    // Poisson(1) given at least one: (e^-1 + e^-1 / 2) / (1 - e^-1) = 87% appear once or twice.
    double onceOrTwice =
        (double) perUser.values().stream().filter(n -> n <= 2).count() / perUser.size();
    assertTrue("share once or twice: " + onceOrTwice, onceOrTwice > 0.85 && onceOrTwice < 0.90);
  }

  /** One bot holds the given share of the events; the other users keep their Zipf spread. */
  @Test
  public void aBotHoldsItsShareOfTheEvents() throws IOException {
    Map<String, Integer> perUser =
        eventsPerUser(new EventGenerator(10_001, 100, 1, 3, EventGenerator.DEFAULT_START, false, 0.5));
    assertEquals(101, perUser.size());
    int bot = perUser.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    assertEquals(5_001, bot); // round(10,001 * 0.5)
    assertEquals(10_001, perUser.values().stream().mapToInt(Integer::intValue).sum());
  }

  /**
   * The default shape's bytes are those of the generator before the benchmark shapes were added
   * (the SHA-256 that version printed for these arguments), so cached inputs and sample files
   * stay valid.
   */
  @Test
  public void theDefaultShapeIsUnchangedByTheBenchmarkShapes() throws Exception {
    byte[] digest =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest(generate(3_000, 100, 1, 3).getBytes(StandardCharsets.UTF_8));
    assertEquals(
        "5d79b716636c4acbfb51176e0053155848e396e8654cf239d81300d83da50cd3",
        java.util.HexFormat.of().formatHex(digest));
  }

  @Test
  public void sameSeedAndArgumentsGiveIdenticalBytes() throws IOException {
    assertEquals(generate(20_000, 300, 2, 7), generate(20_000, 300, 2, 7));
  }

  @Test
  public void otherSeedOrArgumentsGiveOtherOutput() throws IOException {
    String base = generate(2_000, 50, 1, 7);
    assertFalse(base.equals(generate(2_000, 50, 1, 8)));
    assertFalse(base.equals(generate(2_000, 51, 1, 7)));
  }

  @Test
  public void streamWriterAndFileOutputsAreTheSameBytes() throws IOException {
    EventGenerator generator = new EventGenerator(3_000, 100, 1, 3);
    StringWriter writer = new StringWriter();
    generator.writeTo(writer);
    byte[] expected = writer.toString().getBytes(StandardCharsets.UTF_8);

    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    generator.writeTo(stream);
    assertArrayEquals(expected, stream.toByteArray());

    Path plain = temp.getRoot().toPath().resolve("sub/events.json");
    generator.writeTo(plain);
    assertArrayEquals(expected, Files.readAllBytes(plain));

    Path gz = temp.getRoot().toPath().resolve("events.json.gz");
    generator.writeTo(gz);
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
      assertArrayEquals(expected, in.readAllBytes());
    }
  }

  @Test
  public void everyLineHasTheLabShapeAndParsesWithTheNineFieldsTyped() throws IOException {
    long startMillis = EventGenerator.DEFAULT_START.toEpochMilli();
    long endMillis = startMillis + 2 * 3_600_000L;
    List<String> lines = lines(generate(10_000, 200, 2, 11));
    assertEquals(10_000, lines.size());
    long totalLength = 0;
    int zeroBytes = 0;
    for (String line : lines) {
      totalLength += line.length() + 1;
      assertTrue("shape of: " + line, LINE_SHAPE.matcher(line).matches());
      JsonObject o = JsonParser.parseString(line).getAsJsonObject();
      assertEquals(FIELDS, new ArrayList<>(o.keySet()));
      Long.parseLong(string(o, "user_id"));
      string(o, "ip");
      number(o, "lat").getAsDouble();
      number(o, "lng").getAsDouble();
      Instant ts = Instant.parse(string(o, "timestamp"));
      assertTrue("in span: " + ts,
          ts.toEpochMilli() >= startMillis && ts.toEpochMilli() < endMillis);
      String request = string(o, "http_request");
      assertTrue(request, request.startsWith("\"") && request.endsWith("\""));
      assertEquals(number(o, "http_response").getAsString(),
          String.valueOf(number(o, "http_response").getAsInt()));
      long bytes = Long.parseLong(number(o, "num_bytes").getAsString());
      assertTrue(bytes >= 0);
      if (bytes == 0) {
        zeroBytes++;
      }
      string(o, "user_agent");
    }
    double average = (double) totalLength / lines.size();
    assertTrue("about 310 bytes a line, got " + average, average > 280 && average < 340);
    assertTrue("some lines have num_bytes 0", zeroBytes > 0);
  }

  @Test
  public void timestampsSpanTheHoursAndAreSlightlyOutOfOrder() throws IOException {
    Instant start = Instant.parse("2026-01-31T23:30:00Z"); // crosses a day and a month
    StringWriter out = new StringWriter();
    new EventGenerator(20_000, 100, 1.0, 5, start).writeTo(out);
    Instant end = start.plusSeconds(3600);
    Instant previous = Instant.MIN;
    Instant min = Instant.MAX;
    Instant max = Instant.MIN;
    int backwards = 0;
    for (String line : lines(out.toString())) {
      Instant ts = Instant.parse(JsonParser.parseString(line).getAsJsonObject()
          .get("timestamp").getAsString());
      assertFalse(ts.isBefore(start));
      assertTrue(ts.isBefore(end));
      if (ts.isBefore(previous)) {
        backwards++;
        assertTrue("jitter is a few seconds",
            previous.toEpochMilli() - ts.toEpochMilli()
                <= 2_000L * EventGenerator.JITTER_SECONDS);
      }
      previous = ts;
      min = ts.isBefore(min) ? ts : min;
      max = ts.isAfter(max) ? ts : max;
    }
    assertTrue("not sorted", backwards > 1_000);
    assertTrue("starts near the start: " + min, min.isBefore(start.plusSeconds(10)));
    assertTrue("ends near the end: " + max, max.isAfter(end.minusSeconds(10)));
  }

  @Test
  public void usersAreSkewedWithHeavyAndSingleEventUsers() throws IOException {
    Map<String, Integer> perUser = new HashMap<>();
    for (String line : lines(generate(100_000, 1_000, 6, 42))) {
      perUser.merge(
          JsonParser.parseString(line).getAsJsonObject().get("user_id").getAsString(), 1,
          Integer::sum);
    }
    assertEquals("every user appears", 1_000, perUser.size());
    int max = perUser.values().stream().mapToInt(Integer::intValue).max().getAsInt();
    long singles = perUser.values().stream().filter(c -> c == 1).count();
    assertTrue("a heavy user, got max " + max, max > 5_000);
    assertTrue("single-event users, got " + singles, singles >= 90);
  }

  @Test
  public void usersAreCappedAtEventsAndZeroEventsWriteNothing() throws IOException {
    assertEquals(5, lines(generate(5, 1_000, 1, 1)).stream()
        .map(l -> JsonParser.parseString(l).getAsJsonObject().get("user_id").getAsString())
        .distinct().count());
    assertEquals("", generate(0, 10, 1, 1));
  }

  @Test
  public void commandLineWritesTheFileAndRejectsBadOptions() throws IOException {
    Path file = temp.getRoot().toPath().resolve("cli.json");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
    PrintStream stdout = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    int code = EventGenerator.run(
        new String[] {"--events=1000", "--users=40", "--hours=0.5", "--seed=9",
            "--output=" + file},
        stdout, stderr);
    assertEquals(0, code);
    StringWriter expected = new StringWriter();
    new EventGenerator(1000, 40, 0.5, 9).writeTo(expected);
    assertEquals(expected.toString(), Files.readString(file));

    assertEquals(2, EventGenerator.run(new String[] {"--events=x"}, stdout, stderr));
    assertEquals(2, EventGenerator.run(new String[] {"--bogus=1"}, stdout, stderr));
    assertEquals(2, EventGenerator.run(new String[] {"--users=0"}, stdout, stderr));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --bogus"));
  }

  @Test
  public void defaultUsersScaleWithEvents() {
    assertEquals(10_000, EventGenerator.defaultUsers(1_000_000));
    assertEquals(1, EventGenerator.defaultUsers(10));
  }

  private static String string(JsonObject o, String field) {
    JsonElement e = o.get(field);
    assertTrue(field + " is a string", e.isJsonPrimitive() && e.getAsJsonPrimitive().isString());
    return e.getAsString();
  }

  private static JsonPrimitive number(JsonObject o, String field) {
    JsonElement e = o.get(field);
    assertTrue(field + " is a number", e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber());
    return e.getAsJsonPrimitive();
  }
}

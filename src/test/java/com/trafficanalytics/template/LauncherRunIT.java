package com.trafficanalytics.template;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The jar in the image runs the job when started as the launcher starts it.
 *
 * <p>The run is on the DirectRunner (the launcher's own run is on Dataflow, see {@link
 * DataflowTranslationIT}), on events this test writes, so the expected tables come from a plain
 * loop over the events it made and not from the pipeline's code.
 */
public class LauncherRunIT {

  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @Rule public TemporaryFolder temporaryFolder = new TemporaryFolder();

  /** One event the test writes, and what the analyses must make of it. */
  private static final class Event {
    final String user;
    final Instant time;
    final long bytes;

    Event(String user, Instant time, long bytes) {
      this.user = user;
      this.time = time;
      this.bytes = bytes;
    }

    String line() {
      return String.format(
          "{\"user_id\":\"%s\",\"timestamp\":\"%s\",\"num_bytes\":%d,"
              + "\"http_request\":\"\\\"GET /index.html HTTP/1.0\\\"\"}",
          user, time, bytes);
    }
  }

  @Test
  public void theImagesJarRunsBothAnalysesOnEvents() throws Exception {
    Path work = temporaryFolder.getRoot().toPath();
    Random random = new Random(20260305);
    Instant start = Instant.parse("2026-03-05T21:47:13.250Z");
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      events.add(
          new Event(
              "-64342553265441" + random.nextInt(7),
              start.plusMillis(random.nextInt(4 * 60_000)),
              random.nextInt(50_000)));
    }
    List<String> rejected =
        List.of("not json at all", "{\"user_id\":\"x\",\"timestamp\":\"2026-03-05T21:49:42Z\"}");
    List<String> lines = new ArrayList<>();
    events.forEach(e -> lines.add(e.line()));
    lines.add(120, "");
    lines.add(7, rejected.get(0));
    lines.add(300, rejected.get(1));
    Path input = work.resolve("events.json");
    Files.write(input, lines, StandardCharsets.UTF_8);
    Path output = work.resolve("traffic");

    Launcher.Run run =
        Launcher.run(
            List.of("--inputPath=" + input, "--outputDirectory=" + output, "--mode=both"),
            work,
            Duration.ofMinutes(5));

    assertEquals(run.toString(), 0, run.exitCode());
    assertEquals(
        "user_traffic rows",
        canonical(expectedUserTraffic(events)),
        canonical(rowsIn(output.resolve("user_traffic"))));
    assertEquals(
        "minute_traffic rows",
        canonical(expectedMinuteTraffic(events)),
        canonical(rowsIn(output.resolve("minute_traffic"))));
    Set<String> deadLines = new HashSet<>();
    for (JsonObject deadLetter : rowsIn(output.resolve("dead_letter"))) {
      deadLines.add(deadLetter.get("line").getAsString());
      assertTrue("a reason for " + deadLetter, deadLetter.get("error").getAsString().length() > 0);
    }
    assertEquals("dead letters", Set.copyOf(rejected), deadLines);
  }

  private static Set<JsonObject> expectedUserTraffic(List<Event> events) {
    Map<String, long[]> byUser = new TreeMap<>(); // pageviews, total, max, min
    for (Event event : events) {
      long[] stats =
          byUser.computeIfAbsent(
              event.user, u -> new long[] {0, 0, Long.MIN_VALUE, Long.MAX_VALUE});
      stats[0]++;
      stats[1] += event.bytes;
      stats[2] = Math.max(stats[2], event.bytes);
      stats[3] = Math.min(stats[3], event.bytes);
    }
    Set<JsonObject> rows = new HashSet<>();
    byUser.forEach(
        (user, stats) -> {
          JsonObject row = new JsonObject();
          row.addProperty("user_id", user);
          row.addProperty("pageviews", stats[0]);
          row.addProperty("total_bytes", stats[1]);
          row.addProperty("max_bytes", stats[2]);
          row.addProperty("min_bytes", stats[3]);
          rows.add(row);
        });
    return rows;
  }

  private static Set<JsonObject> expectedMinuteTraffic(List<Event> events) {
    Map<Instant, Long> byMinute = new TreeMap<>();
    for (Event event : events) {
      byMinute.merge(event.time.truncatedTo(ChronoUnit.MINUTES), 1L, Long::sum);
    }
    Set<JsonObject> rows = new HashSet<>();
    byMinute.forEach(
        (minute, pageviews) -> {
          JsonObject row = new JsonObject();
          row.addProperty("timestamp", MINUTE.format(minute));
          row.addProperty("pageviews", pageviews);
          rows.add(row);
        });
    return rows;
  }

  /**
   * Rows in a form that compares by value: sorted, each with its fields sorted and its numbers as
   * written (Gson's parsed and built numbers differ in type, and so in equals and hashCode).
   */
  private static Set<String> canonical(Set<JsonObject> rows) {
    Set<String> canonical = new TreeSet<>();
    for (JsonObject row : rows) {
      Map<String, String> fields = new TreeMap<>();
      row.entrySet().forEach(field -> fields.put(field.getKey(), field.getValue().toString()));
      canonical.add(fields.toString());
    }
    return canonical;
  }

  /** The JSON objects of every line of every {@code .json} file in {@code folder}. */
  private static Set<JsonObject> rowsIn(Path folder) throws IOException {
    Set<JsonObject> rows = new HashSet<>();
    try (Stream<Path> files = Files.list(folder)) {
      files
          .filter(file -> file.getFileName().toString().endsWith(".json"))
          .forEach(
              file -> {
                try {
                  for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    rows.add(JsonParser.parseString(line).getAsJsonObject());
                  }
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
    return rows;
  }
}

package com.trafficanalytics.read;

import com.trafficanalytics.analysis.MinuteTraffic;
import com.trafficanalytics.analysis.TrafficAnalysis;
import com.trafficanalytics.analysis.UserTraffic;
import com.trafficanalytics.deadletter.DeadLetter;
import com.trafficanalytics.events.RejectReason;
import com.trafficanalytics.sinks.TableRowJson;
import com.trafficanalytics.testing.ExpectedTraffic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The analyses over real files on the DirectRunner (enforcement checks on): window boundaries,
 * order, the per-user arithmetic, other window sizes, one pass for both, and the chunked reading
 * at every kind of line boundary.
 */
public class AnalyzeTrafficFilesTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

  private static String event(String user, String timestamp, long bytes) {
    return "{\"user_id\": \"" + user + "\", \"ip\": \"10.0.0.1\", \"timestamp\": \"" + timestamp
        + "\", \"http_request\": \"\\\"GET a.html HTTP/1.0\\\"\", \"num_bytes\": " + bytes + "}";
  }

  private String file(String name, String content) throws IOException {
    Path path = folder.getRoot().toPath().resolve(name);
    Files.write(path, content.getBytes(StandardCharsets.UTF_8));
    return path.toString();
  }

  private AnalyzeTrafficFiles.Result analyze(String pattern, AnalyzeTrafficFiles analyses) {
    return analyze(pattern, analyses, pattern);
  }

  /** {@code label} keeps step names unique when one pipeline analyzes a file several ways. */
  private AnalyzeTrafficFiles.Result analyze(
      String pattern, AnalyzeTrafficFiles analyses, String label) {
    return pipeline
        .apply("Match " + label, FileIO.match().filepattern(pattern))
        .apply("Open " + label, FileIO.readMatches())
        .apply("Analyze " + label, analyses);
  }

  private static AnalyzeTrafficFiles both(int windowSeconds) {
    return AnalyzeTrafficFiles.of(
        List.of(new UserTraffic(), new MinuteTraffic(windowSeconds)), 1 << 20);
  }

  private static PCollection<String> json(AnalyzeTrafficFiles.Result result, String analysis) {
    return result
        .rows(analysis)
        .apply(
            "JSON " + analysis + result.hashCode(),
            MapElements.into(TypeDescriptors.strings()).via(TableRowJson::toJsonLine));
  }

  private static String userRow(String user, long views, long total, long max, long min) {
    return "{\"user_id\":\"" + user + "\",\"pageviews\":" + views + ",\"total_bytes\":" + total
        + ",\"max_bytes\":" + max + ",\"min_bytes\":" + min + "}";
  }

  private static String minuteRow(String start, long views) {
    return "{\"timestamp\":\"" + start + "\",\"pageviews\":" + views + "}";
  }

  @Test
  public void windowsIncludeTheirFirstMillisecondAndEndBeforeTheNextWindow() throws IOException {
    String input =
        file(
            "boundaries.json",
            String.join(
                "\n",
                event("u", "2026-03-05T21:49:00.000000Z", 1),
                event("u", "2026-03-05T21:49:59.999999Z", 1),
                event("u", "2026-03-05T21:50:00Z", 1),
                event("u", "2026-03-05T21:48:59.999Z", 1)));
    PAssert.that(json(analyze(input, both(60)), MinuteTraffic.NAME))
        .containsInAnyOrder(
            minuteRow("2026-03-05 21:48:00", 1),
            minuteRow("2026-03-05 21:49:00", 2),
            minuteRow("2026-03-05 21:50:00", 1));
    pipeline.run();
  }

  @Test
  public void perUserFiguresCoverMinMaxTotalAndSingleEventUsers() throws IOException {
    String input =
        file(
            "users.json",
            String.join(
                "\n",
                event("heavy", "2026-03-05T21:49:00Z", 300),
                event("heavy", "2026-03-05T21:49:01Z", 0),
                event("heavy", "2026-03-05T21:49:02Z", 1200),
                event("once", "2026-03-05T21:49:03Z", 42)));
    PAssert.that(json(analyze(input, both(60)), UserTraffic.NAME))
        .containsInAnyOrder(userRow("heavy", 3, 1500, 1200, 0), userRow("once", 1, 42, 42, 42));
    pipeline.run();
  }

  @Test
  public void inputOrderDoesNotMatter() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      lines.add(event("user" + (i % 7), String.format("2026-03-05T21:%02d:%02dZ", i % 60, i % 59), i));
    }
    List<String> shuffled = new ArrayList<>(lines);
    Collections.shuffle(shuffled, new Random(7));
    ExpectedTraffic expected = ExpectedTraffic.of(lines, 60);
    AnalyzeTrafficFiles.Result inOrder = analyze(file("ordered.json", String.join("\n", lines)), both(60));
    AnalyzeTrafficFiles.Result outOfOrder =
        analyze(file("shuffled.json", String.join("\n", shuffled)), both(60));
    for (AnalyzeTrafficFiles.Result result : List.of(inOrder, outOfOrder)) {
      PAssert.that(json(result, UserTraffic.NAME)).containsInAnyOrder(asJson(expected.userRows()));
      PAssert.that(json(result, MinuteTraffic.NAME)).containsInAnyOrder(asJson(expected.minuteRows()));
    }
    pipeline.run();
  }

  @Test
  public void otherWindowSizes() throws IOException {
    String input =
        file(
            "five-minutes.json",
            String.join(
                "\n",
                event("u", "2026-03-05T21:45:00Z", 1),
                event("u", "2026-03-05T21:49:59.999Z", 1),
                event("u", "2026-03-05T21:50:00Z", 1)));
    PAssert.that(json(analyze(input, both(300)), MinuteTraffic.NAME))
        .containsInAnyOrder(minuteRow("2026-03-05 21:45:00", 2), minuteRow("2026-03-05 21:50:00", 1));
    pipeline.run();
  }

  @Test
  public void bothInOnePassEqualsEachAnalysisAlone() throws IOException {
    List<String> lines = new ArrayList<>();
    Random random = new Random(11);
    for (int i = 0; i < 500; i++) {
      lines.add(event("u" + random.nextInt(20),
          String.format("2026-03-05T2%d:%02d:%02d.%06dZ", random.nextInt(4), random.nextInt(60),
              random.nextInt(60), random.nextInt(1_000_000)), random.nextInt(5000)));
    }
    String input = file("mixed.json", String.join("\n", lines));
    AnalyzeTrafficFiles.Result both = analyze(input, both(60));
    AnalyzeTrafficFiles.Result usersAlone =
        pipeline.apply("Match u", FileIO.match().filepattern(input)).apply("Open u", FileIO.readMatches())
            .apply("Users alone", AnalyzeTrafficFiles.of(List.of(new UserTraffic()), 1 << 20));
    AnalyzeTrafficFiles.Result minutesAlone =
        pipeline.apply("Match m", FileIO.match().filepattern(input)).apply("Open m", FileIO.readMatches())
            .apply("Minutes alone", AnalyzeTrafficFiles.of(List.of(new MinuteTraffic(60)), 1 << 20));
    ExpectedTraffic expected = ExpectedTraffic.of(lines, 60);
    PAssert.that(json(both, UserTraffic.NAME)).containsInAnyOrder(asJson(expected.userRows()));
    PAssert.that(json(usersAlone, UserTraffic.NAME)).containsInAnyOrder(asJson(expected.userRows()));
    PAssert.that(json(both, MinuteTraffic.NAME)).containsInAnyOrder(asJson(expected.minuteRows()));
    PAssert.that(json(minutesAlone, MinuteTraffic.NAME)).containsInAnyOrder(asJson(expected.minuteRows()));
    pipeline.run();
  }

  /**
   * Tiny chunks put chunk boundaries inside lines, on {@code \r} and {@code \n} of a {@code \r\n},
   * on empty lines and on the byte-order mark: every line must still be read exactly once.
   */
  @Test
  public void chunkedReadingReadsEveryLineExactlyOnce() throws IOException {
    StringBuilder content = new StringBuilder("\uFEFF");
    List<String> lines = new ArrayList<>();
    String[] terminators = {"\n", "\r\n", "\r"};
    Random random = new Random(3);
    for (int i = 0; i < 300; i++) {
      String line = switch (i % 11) {
        case 3 -> "";
        case 7 -> "   ";
        case 9 -> "{broken " + i;
        default -> event("u" + random.nextInt(9), String.format("2026-03-05T21:%02d:00Z", i % 60), i);
      };
      lines.add(line);
      String terminator = terminators[random.nextInt(3)];
      if (line.isEmpty() && terminator.equals("\n") && content.charAt(content.length() - 1) == '\r') {
        terminator = "\r\n"; // "\r" then "\n" would be one "\r\n": the empty line would vanish
      }
      content.append(line).append(terminator);
    }
    String input = file("chunked.json", content.toString());
    ExpectedTraffic expected = ExpectedTraffic.of(lines, 60);
    for (long chunkBytes : new long[] {1, 7, 64, 1000}) {
      AnalyzeTrafficFiles.Result result =
          analyze(input, both(60).withChunkBytes(chunkBytes), "chunks of " + chunkBytes);
      PAssert.that(json(result, UserTraffic.NAME)).containsInAnyOrder(asJson(expected.userRows()));
      PAssert.that(json(result, MinuteTraffic.NAME)).containsInAnyOrder(asJson(expected.minuteRows()));
      PAssert.that(result.deadLetters().apply("Lines " + chunkBytes,
              MapElements.into(TypeDescriptors.strings()).via(DeadLetter::line)))
          .containsInAnyOrder(expected.rejectedLines);
      PAssert.thatSingleton(result.lineCounts().apply("Total " + chunkBytes,
              Combine.globally(LineCounts::plus)))
          .isEqualTo(new LineCounts(expected.linesRead, expected.events, expected.blankLines,
              expected.rejectedLines.size(), 0));
    }
    pipeline.run();
  }

  @Test
  public void deadLettersKeepTheLineTheReasonAndTheSourceFile() throws IOException {
    String input = file("bad.json", "{\"user_id\": \"u\"}\n");
    PAssert.that(analyze(input, both(60)).deadLetters())
        .containsInAnyOrder(
            DeadLetter.ofLine(
                RejectReason.MISSING_FIELD,
                "{\"user_id\": \"u\"}",
                "missing field \"timestamp\"",
                input,
                0));
    pipeline.run();
  }

  private static List<String> asJson(List<Map<String, Object>> rows) {
    List<String> json = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      StringBuilder text = new StringBuilder("{");
      String[] order = row.containsKey("user_id")
          ? new String[] {"user_id", "pageviews", "total_bytes", "max_bytes", "min_bytes"}
          : new String[] {"timestamp", "pageviews"};
      for (String column : order) {
        Object value = row.get(column);
        text.append(text.length() > 1 ? "," : "").append('"').append(column).append("\":")
            .append(value instanceof String ? "\"" + value + "\"" : value);
      }
      json.add(text.append('}').toString());
    }
    return json;
  }
}

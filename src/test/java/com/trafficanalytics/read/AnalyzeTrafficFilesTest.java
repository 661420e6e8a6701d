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
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MetadataCoderV2;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
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
        .apply("Rows " + analysis + result.hashCode(), Flatten.iterables())
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
    // Splits of two chunks (Dataflow's default) and of one (a local run's), chunk boundaries
    // everywhere: the same rows, dead letters and counts.
    long[][] chunkings = {{1, 2}, {7, 2}, {64, 2}, {1000, 2}, {7, 1}, {64, 1}};
    for (long[] chunking : chunkings) {
      long bytes = chunking[0];
      long perSplit = chunking[1];
      String label = "chunks of " + bytes + ", " + perSplit + " per split";
      AnalyzeTrafficFiles.Result result =
          analyze(input, both(60).withChunkBytes(bytes).withChunksPerSplit(perSplit), label);
      PAssert.that(json(result, UserTraffic.NAME)).containsInAnyOrder(asJson(expected.userRows()));
      PAssert.that(json(result, MinuteTraffic.NAME)).containsInAnyOrder(asJson(expected.minuteRows()));
      PAssert.that(result.deadLetters().apply("Lines " + label,
              MapElements.into(TypeDescriptors.strings()).via(DeadLetter::line)))
          .containsInAnyOrder(expected.rejectedLines);
      PAssert.thatSingleton(result.lineCounts().apply("Total " + label,
              Combine.globally(LineCounts::plus)))
          .isEqualTo(new LineCounts(expected.linesRead, expected.events, expected.blankLines,
              expected.rejectedLines.size(), 0, expected.firstEventMillis,
              expected.lastEventMillis));
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

  /** A dead letter as "reason | file name | byte offset | line | base64", for comparisons. */
  private static PCollection<String> described(AnalyzeTrafficFiles.Result result, String label) {
    return result
        .deadLetters()
        .apply(
            "Describe " + label,
            MapElements.into(TypeDescriptors.strings())
                .via(
                    d ->
                        describe(
                            d.reason().counterName(),
                            d.source() == null
                                ? null
                                : Path.of(d.source()).getFileName().toString(),
                            d.byteOffset(),
                            d.line(),
                            d.lineBase64())));
  }

  private static String describe(
      String reason, String file, Long offset, String line, String base64) {
    return reason + " | " + file + " | " + offset + " | " + line + " | " + base64;
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      all.writeBytes(part);
    }
    return all.toByteArray();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Bytes FF FE in a user id: the line is a dead letter {@code invalid_utf8} that keeps the exact
   * bytes, and is not merged with the user whose id really holds U+FFFD.
   */
  @Test
  public void aLineThatIsNotUtf8IsADeadLetterWithItsOriginalBytes() throws IOException {
    String first = event("a", "2026-03-05T21:49:00Z", 5);
    byte[] invalid =
        concat(
            utf8("{\"user_id\": \"a"),
            new byte[] {(byte) 0xFF, (byte) 0xFE},
            utf8("\", \"timestamp\": \"2026-03-05T21:49:00Z\", \"num_bytes\": 6}"));
    String replacement = event("a\uFFFD\uFFFD", "2026-03-05T21:49:00Z", 7);
    Path path = folder.getRoot().toPath().resolve("utf8.json");
    Files.write(
        path, concat(utf8(first + "\n"), invalid, utf8("\n" + replacement + "\n")));
    AnalyzeTrafficFiles.Result result = analyze(path.toString(), both(60));

    ExpectedTraffic expected = ExpectedTraffic.of(List.of(first, replacement), 60);
    PAssert.that(json(result, UserTraffic.NAME)).containsInAnyOrder(asJson(expected.userRows()));
    PAssert.that(described(result, "utf8"))
        .containsInAnyOrder(
            describe(
                "invalid_utf8",
                "utf8.json",
                (long) utf8(first).length + 1,
                new String(invalid, StandardCharsets.UTF_8),
                java.util.Base64.getEncoder().encodeToString(invalid)));
    pipeline.run();
  }

  /**
   * A folder of broken inputs: a truncated gzip (its complete lines are kept, the line the damage
   * cut short goes to the file's dead letter), a truncated deflate, a truncated bzip2, a .bz2 that
   * is plain text, a zip without entries, a .zip that is plain text, and a .gz that is plain text
   * (read as text, as Beam does, since Cloud Storage may serve it decompressed). None fails the
   * run; each broken one is one dead letter naming the file.
   */
  @Test
  public void brokenCompressedFilesBecomeDeadLettersAndKeepTheLinesBeforeTheDamage()
      throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      lines.add(event("u" + (i % 13), String.format("2026-03-05T21:%02d:00Z", i % 60), i));
    }
    byte[] text = utf8(String.join("\n", lines) + "\n");
    Path dir = folder.newFolder("broken").toPath();
    byte[] gzip = compressed(text, java.util.zip.GZIPOutputStream::new);
    Files.write(dir.resolve("cut.json.gz"), Arrays.copyOf(gzip, gzip.length * 2 / 3));
    byte[] deflate = compressed(text, java.util.zip.DeflaterOutputStream::new);
    Files.write(dir.resolve("cut.json.deflate"), Arrays.copyOf(deflate, deflate.length / 2));
    byte[] bzip2 =
        compressed(
            text, org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream::new);
    Files.write(dir.resolve("cut.json.bz2"), Arrays.copyOf(bzip2, bzip2.length - 20));
    Files.write(dir.resolve("plain.json.bz2"), utf8(lines.get(0) + "\n"));
    Files.write(
        dir.resolve("none.zip"), compressed(new byte[0], java.util.zip.ZipOutputStream::new));
    Files.write(dir.resolve("plain.zip"), utf8(lines.get(1) + "\n"));
    Files.write(dir.resolve("plain.json.gz"), utf8(lines.get(2) + "\n" + lines.get(3) + "\n"));

    // What Beam's own decoder of each format delivers from the truncated bytes before it fails.
    Damaged cutGzip = Damaged.decode(Compression.GZIP, Arrays.copyOf(gzip, gzip.length * 2 / 3));
    Damaged cutDeflate =
        Damaged.decode(Compression.DEFLATE, Arrays.copyOf(deflate, deflate.length / 2));
    Damaged cutBzip2 = Damaged.decode(Compression.BZIP2, Arrays.copyOf(bzip2, bzip2.length - 20));
    List<String> counted = new ArrayList<>();
    counted.addAll(cutGzip.wholeLines);
    counted.addAll(cutDeflate.wholeLines);
    counted.addAll(cutBzip2.wholeLines);
    counted.addAll(lines.subList(2, 4));
    ExpectedTraffic expected = ExpectedTraffic.of(counted, 60);

    AnalyzeTrafficFiles.Result result = analyze(dir.resolve("*").toString(), both(60));
    PAssert.that(json(result, UserTraffic.NAME)).containsInAnyOrder(asJson(expected.userRows()));
    PAssert.that(json(result, MinuteTraffic.NAME))
        .containsInAnyOrder(asJson(expected.minuteRows()));
    PAssert.that(described(result, "broken"))
        .containsInAnyOrder(
            cutGzip.deadLetter("corrupt_file", "cut.json.gz"),
            cutDeflate.deadLetter("corrupt_file", "cut.json.deflate"),
            cutBzip2.deadLetter("corrupt_file", "cut.json.bz2"),
            describe("corrupt_file", "plain.json.bz2", 0L, null, null),
            describe("empty_archive", "none.zip", null, null, null),
            describe("corrupt_file", "plain.zip", null, null, null));
    PAssert.thatSingleton(
            result.lineCounts().apply("Total broken", Combine.globally(LineCounts::plus)))
        .isEqualTo(
            new LineCounts(
                expected.linesRead, expected.events, 0, 0, 6, expected.firstEventMillis,
                expected.lastEventMillis));
    pipeline.run();
  }

  /** A file matched, then gone before it is read: one dead letter, and the run goes on. */
  @Test
  public void aFileThatVanishedAfterMatchingIsADeadLetter() throws IOException {
    String gone = folder.getRoot().toPath().resolve("gone.json").toString();
    MatchResult.Metadata metadata =
        MatchResult.Metadata.builder()
            .setResourceId(FileSystems.matchNewResource(gone, false))
            .setSizeBytes(1000)
            .setIsReadSeekEfficient(true)
            .setLastModifiedMillis(0L)
            .build();
    AnalyzeTrafficFiles.Result result =
        pipeline
            .apply(Create.of(metadata).withCoder(MetadataCoderV2.of()))
            .apply(FileIO.readMatches())
            .apply(both(60));
    PAssert.that(described(result, "gone"))
        .containsInAnyOrder(describe("unreadable_file", "gone.json", 0L, null, null));
    PAssert.that(json(result, UserTraffic.NAME)).empty();
    pipeline.run();
  }

  private interface Compressor {
    java.io.OutputStream wrap(java.io.OutputStream out) throws IOException;
  }

  private static byte[] compressed(byte[] content, Compressor compressor) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.OutputStream out = compressor.wrap(bytes)) {
      if (out instanceof java.util.zip.ZipOutputStream zip && content.length > 0) {
        zip.putNextEntry(new java.util.zip.ZipEntry("events.json"));
      }
      out.write(content);
    }
    return bytes.toByteArray();
  }

  /** What a damaged stream yields: its whole lines, then the line the damage cut short. */
  private record Damaged(List<String> wholeLines, long wholeLineBytes, byte[] unfinished) {
    static Damaged decode(Compression format, byte[] damaged) {
      java.io.ByteArrayOutputStream decoded = new java.io.ByteArrayOutputStream();
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(64 * 1024);
      try (java.nio.channels.ReadableByteChannel in =
          format.readDecompressed(
              java.nio.channels.Channels.newChannel(new java.io.ByteArrayInputStream(damaged)))) {
        while (in.read(buffer) >= 0) {
          decoded.write(buffer.array(), 0, buffer.position());
          buffer.clear();
        }
        throw new AssertionError("the stream was expected to fail");
      } catch (IOException expected) {
        // the damage; what the failing read put into the buffer counts too
        decoded.write(buffer.array(), 0, buffer.position());
      }
      byte[] bytes = decoded.toByteArray();
      int end = bytes.length;
      while (end > 0 && bytes[end - 1] != '\n') {
        end--;
      }
      String whole = new String(bytes, 0, end, StandardCharsets.UTF_8);
      List<String> lines = whole.isEmpty() ? List.of() : List.of(whole.split("\n"));
      return new Damaged(lines, end, Arrays.copyOfRange(bytes, end, bytes.length));
    }

    String deadLetter(String reason, String file) {
      return describe(
          reason,
          file,
          wholeLineBytes,
          unfinished.length == 0 ? null : new String(unfinished, StandardCharsets.UTF_8),
          unfinished.length == 0 ? null : java.util.Base64.getEncoder().encodeToString(unfinished));
    }
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

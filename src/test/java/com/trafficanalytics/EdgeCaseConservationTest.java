package com.trafficanalytics;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import com.trafficanalytics.testing.ExpectedTraffic;
import com.trafficanalytics.testing.OutputFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipOutputStream;
import org.apache.beam.sdk.io.Compression;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Conservation over a file of every line-level edge case ({@code
 * src/test/resources/edge-cases/}), read plain, gzip-compressed whole, gzip-compressed and
 * truncated, and as a {@code .gz} that is plain text, beside a zip without entries and a {@code
 * .zip} that is plain text, through {@code main}'s code: the run exits 0; lines read = events
 * counted + blank lines + dead letters; each broken file is one more dead letter naming it; every
 * counted event is in both results; the dead letters per reason match, in the summary and in the
 * records; and each dead letter can be replayed from its bytes. The expectations come from {@link
 * ExpectedTraffic#ofBytes}, not from the pipeline. Sums past INT64, which a file read four times
 * cannot hold apart, have their own small runs here.
 */
public class EdgeCaseConservationTest {
  private static final Path EDGE_CASES = Paths.get("src/test/resources/edge-cases/edge_cases.json");
  private static final int MAX_LINE_BYTES = 1000;

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  @Test
  public void everyLineIsCountedOnceAndEveryBrokenFileIsADeadLetterNamingIt() throws IOException {
    byte[] edgeCases = Files.readAllBytes(EDGE_CASES);
    byte[] gzip = gzip(edgeCases);
    byte[] truncated = Arrays.copyOf(gzip, gzip.length * 3 / 4);
    byte[] beforeDamage = gunzipUntilTheDamage(truncated);
    byte[] wholeLines = Arrays.copyOf(beforeDamage, endOfLastTerminator(beforeDamage));
    // The content of each input as the reader sees it (after decompression).
    Map<String, byte[]> contents = new LinkedHashMap<>();
    contents.put("edge_cases.json", edgeCases);
    contents.put("whole.json.gz", edgeCases);
    contents.put("cut.json.gz", wholeLines);
    contents.put("plain.json.gz", edgeCases); // not gzip: read as text, as Beam does
    Path input = folder.newFolder("in").toPath();
    Files.write(input.resolve("edge_cases.json"), edgeCases);
    Files.write(input.resolve("whole.json.gz"), gzip);
    Files.write(input.resolve("cut.json.gz"), truncated);
    Files.write(input.resolve("plain.json.gz"), edgeCases);
    ByteArrayOutputStream emptyZip = new ByteArrayOutputStream();
    new ZipOutputStream(emptyZip).close();
    Files.write(input.resolve("none.zip"), emptyZip.toByteArray());
    Files.write(input.resolve("plain.zip"), edgeCases);
    Path output = folder.getRoot().toPath().resolve("out");

    EndToEndTest.Run run =
        EndToEndTest.run(
            "--inputPath=" + input.resolve("*"),
            "--outputDirectory=" + output,
            "--maxLineBytes=" + MAX_LINE_BYTES);

    ExpectedTraffic expected =
        ExpectedTraffic.ofBytes(List.copyOf(contents.values()), 60, MAX_LINE_BYTES);
    assertThat(run.console(), run.exitCode(), is(0));
    assertThat(run.figure("lines read"), is(expected.linesRead));
    assertThat(run.figure("events counted"), is(expected.events));
    assertThat(run.figure("blank lines skipped"), is(expected.blankLines));
    assertThat(run.figure("dead letters"), is((long) expected.rejectedLines.size()));
    assertThat(
        run.figure("lines read"),
        is(run.figure("events counted") + run.figure("blank lines skipped")
            + run.figure("dead letters")));
    assertThat(run.figure("broken files"), is(3L));

    // The file holds what its README says it holds, as the oracle judges it: each kind of line.
    assertThat(
        expected.rejectedByReason.keySet(),
        is(Set.of("invalid_utf8", "line_too_long", "invalid_json", "invalid_user_id",
            "invalid_timestamp", "timestamp_out_of_range")));
    assertThat(
        expected.users.keySet(),
        hasItems("\uD83D\uDE00", "?", "first", "final", "deep", "lower", "a\uFFFD\uFFFD", "a"));
    assertThat(expected.users.keySet(), not(hasItem("joined")));
    Map<String, Long> expectedByReason = new TreeMap<>();
    expected.rejectedByReason.forEach(
        (reason, lines) -> expectedByReason.put(reason, (long) lines.size()));
    assertThat(reasonsInTheSummary(run.console(), "dead letters"), is(expectedByReason));

    expected.assertRowsUnder(output);

    List<Map<String, Object>> deadLetters = OutputFiles.rows(output.resolve("dead_letter"));
    Set<String> fileReasons = Set.of("unreadable_file", "corrupt_file", "empty_archive");
    List<Map<String, Object>> aboutLines = new ArrayList<>();
    List<String> aboutFiles = new ArrayList<>();
    for (Map<String, Object> deadLetter : deadLetters) {
      assertThat(deadLetter.get("reason"), notNullValue());
      assertThat(deadLetter.get("source"), notNullValue());
      String file = Paths.get((String) deadLetter.get("source")).getFileName().toString();
      if (fileReasons.contains(deadLetter.get("reason"))) {
        aboutFiles.add(deadLetter.get("reason") + " " + file);
      } else {
        aboutLines.add(deadLetter);
      }
    }
    assertThat(
        aboutFiles,
        containsInAnyOrder(
            "corrupt_file cut.json.gz", "empty_archive none.zip", "corrupt_file plain.zip"));
    assertThat(
        aboutLines.stream().map(d -> d.get("line")).toList(),
        containsInAnyOrder(expected.rejectedLines.toArray()));
    Map<String, List<Object>> linesByReason = new TreeMap<>();
    aboutLines.forEach(
        d -> linesByReason.computeIfAbsent((String) d.get("reason"), r -> new ArrayList<>())
            .add(d.get("line")));
    assertThat(linesByReason.keySet(), is(expected.rejectedByReason.keySet()));
    expected.rejectedByReason.forEach(
        (reason, lines) ->
            assertThat(reason, linesByReason.get(reason), containsInAnyOrder(lines.toArray())));

    // Lines that are not UTF-8 keep their exact bytes, and those bytes are where byte_offset says.
    List<String> replayed = new ArrayList<>();
    for (Map<String, Object> deadLetter : aboutLines) {
      if (!"invalid_utf8".equals(deadLetter.get("reason"))) {
        assertThat(deadLetter.get("line_bytes"), is((Object) null));
        continue;
      }
      byte[] bytes = Base64.getDecoder().decode((String) deadLetter.get("line_bytes"));
      String file = Paths.get((String) deadLetter.get("source")).getFileName().toString();
      int offset = Math.toIntExact((Long) deadLetter.get("byte_offset"));
      assertThat(
          Arrays.copyOfRange(contents.get(file), offset, offset + bytes.length), is(bytes));
      replayed.add(Base64.getEncoder().encodeToString(bytes));
    }
    assertThat(
        replayed,
        containsInAnyOrder(
            expected.notUtf8Lines.stream()
                .map(b -> Base64.getEncoder().encodeToString(b))
                .toArray()));

    // A cut line keeps whole characters within the limit.
    List<String> cut =
        aboutLines.stream()
            .filter(d -> "line_too_long".equals(d.get("reason")))
            .map(d -> (String) d.get("line"))
            .collect(Collectors.toList());
    assertThat(cut, containsInAnyOrder(expected.cutLines.toArray()));
    assertThat(
        cut.stream().map(l -> l.getBytes(StandardCharsets.UTF_8).length).toList(),
        everyItem(lessThanOrEqualTo(MAX_LINE_BYTES)));
    assertThat(cut, everyItem(not(containsString("\uFFFD"))));
  }

  /** Two events in one minute whose bytes pass INT64 together, by one user: exit 1 naming it. */
  @Test
  public void aUserTotalPastInt64StopsTheRunWithOneLineNamingTheUser() throws IOException {
    List<String> lines =
        List.of(event("big", Long.MAX_VALUE), event("big", 1), event("small", 5));
    Path output = folder.getRoot().toPath().resolve("out");

    EndToEndTest.Run run =
        EndToEndTest.run(
            "--inputPath=" + write("big.json", lines), "--outputDirectory=" + output,
            "--mode=both");

    assertThat(ExpectedTraffic.of(lines, 60).usersPastInt64, is(Set.of("big")));
    assertThat(run.console(), run.exitCode(), is(1));
    List<String> errors =
        run.console().lines().filter(l -> l.startsWith("traffic-analytics: error:")).toList();
    assertThat(run.console(), errors.size(), is(1));
    assertThat(
        errors.get(0),
        allOf(
            containsString("user_traffic: the total bytes of user_id \"big\" pass"
                + " 9223372036854775807"),
            containsString("correct or remove that group's events")));
    assertThat(run.console(), not(containsString("\tat ")));
    assertThat(Files.exists(output.resolve("user_traffic")), is(false));
  }

  /**
   * The same bytes by two users in one minute: no user's total passes INT64 and minute_traffic
   * sums no bytes, so {@code --mode=both} succeeds with the oracle's rows.
   */
  @Test
  public void bytesPastInt64InOneMinuteByTwoUsersAreCounted() throws IOException {
    List<String> lines = List.of(event("big", Long.MAX_VALUE), event("other", 1));
    Path output = folder.getRoot().toPath().resolve("out");

    EndToEndTest.Run run =
        EndToEndTest.run(
            "--inputPath=" + write("big.json", lines), "--outputDirectory=" + output,
            "--mode=both");

    ExpectedTraffic expected = ExpectedTraffic.of(lines, 60);
    assertThat(expected.usersPastInt64, is(Set.of()));
    assertThat(run.console(), run.exitCode(), is(0));
    expected.assertRowsUnder(output);
  }

  private static String event(String user, long numBytes) {
    return "{\"user_id\": \"" + user + "\", \"timestamp\": \"2026-03-05T21:49:17Z\","
        + " \"num_bytes\": " + numBytes + "}";
  }

  private Path write(String name, List<String> lines) throws IOException {
    Path file = folder.newFolder("in").toPath().resolve(name);
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  /** "(reason count, …)" after a figure of the summary, as a map; empty when there is none. */
  private static Map<String, Long> reasonsInTheSummary(String console, String label) {
    Matcher line =
        Pattern.compile("(?m)^\\s+" + Pattern.quote(label) + "\\s+[\\d,]+(?: \\(([^)]*)\\))?")
            .matcher(console);
    assertThat(console, line.find(), is(true));
    Map<String, Long> reasons = new TreeMap<>();
    if (line.group(1) != null) {
      for (String item : line.group(1).split(", ")) {
        int space = item.lastIndexOf(' ');
        long count = Long.parseLong(item.substring(space + 1).replace(",", ""));
        reasons.put(item.substring(0, space), count);
      }
    }
    return reasons;
  }

  private static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(content);
    }
    return bytes.toByteArray();
  }

  /**
   * What Beam's own gzip decoder delivers from a damaged stream before it fails (it may hold back
   * a few KiB it decoded just before the damage, which no reader of it can see).
   */
  private static byte[] gunzipUntilTheDamage(byte[] damaged) {
    ByteArrayOutputStream decoded = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    try (ReadableByteChannel in =
        Compression.GZIP.readDecompressed(Channels.newChannel(new ByteArrayInputStream(damaged)))) {
      while (in.read(buffer) >= 0) {
        decoded.write(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
      throw new AssertionError("the truncated stream was expected to fail");
    } catch (IOException expected) {
      decoded.write(buffer.array(), 0, buffer.position());
      return decoded.toByteArray();
    }
  }

  /** The length of the whole lines at the start of {@code bytes}: up to its last terminator. */
  private static int endOfLastTerminator(byte[] bytes) {
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n' && bytes[end - 1] != '\r') {
      end--;
    }
    return end;
  }
}

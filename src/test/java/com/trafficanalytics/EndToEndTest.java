package com.trafficanalytics;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.trafficanalytics.testing.ExpectedTraffic;
import com.trafficanalytics.testing.OutputFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The command a user runs, {@code main}, on the project's sample data, with the expected results
 * computed independently ({@link ExpectedTraffic}) and the output layout checked as users rely on
 * it.
 */
public class EndToEndTest {
  private static final Path SAMPLE = Paths.get("data/events.json");
  private static final Path DIRTY = Paths.get("data/dirty_events.json");

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  /** The console of one run and its exit code. */
  record Run(int exitCode, String console) {
    long figure(String label) {
      Matcher m = Pattern.compile("(?m)^\\s+" + Pattern.quote(label) + "\\s+([\\d,]+)").matcher(console);
      if (!m.find()) {
        throw new AssertionError("no '" + label + "' in the summary:\n" + console);
      }
      return Long.parseLong(m.group(1).replace(",", ""));
    }
  }

  /** Runs main's code with the DirectRunner's enforcement checks on, as every test does. */
  static Run run(String... args) {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    String[] checked = Arrays.copyOf(args, args.length + 2);
    checked[args.length] = "--enforceImmutability=true";
    checked[args.length + 1] = "--enforceEncodability=true";
    int exitCode =
        TrafficAnalyticsPipeline.execute(checked, new PrintStream(console, true, StandardCharsets.UTF_8));
    return new Run(exitCode, console.toString(StandardCharsets.UTF_8));
  }

  /** Lines as TextIO splits them: at \n, \r\n or \r; a leading byte-order mark dropped. */
  private static List<String> lines(Path... files) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      String[] split = text.split("\r\n|\r|\n", -1);
      int count = text.isEmpty() || text.endsWith("\n") || text.endsWith("\r") ? split.length - 1 : split.length;
      for (int i = 0; i < count; i++) {
        lines.add(split[i]);
      }
    }
    return lines;
  }

  private void assertResults(Path output, ExpectedTraffic expected, Run run) {
    assertThat(run.console, run.exitCode, is(0));
    expected.assertRowsUnder(output);
    List<Map<String, Object>> deadLetters = OutputFiles.rows(output.resolve("dead_letter"));
    assertThat(deadLetters.stream().map(d -> d.get("line")).toList(),
        containsInAnyOrder(expected.rejectedLines.toArray()));
    assertThat(deadLetters.stream().map(d -> (String) d.get("error")).toList(), everyItem(not(is(""))));
    for (String sub : List.of("user_traffic", "minute_traffic", "dead_letter")) {
      assertThat(OutputFiles.jsonFiles(output.resolve(sub)).stream().map(Path::toString).toList(),
          everyItem(endsWith(".json")));
    }
    // The summary's figures agree with the independent count, and add up.
    assertThat(run.figure("lines read"), is(expected.linesRead));
    assertThat(run.figure("events counted"), is(expected.events));
    assertThat(run.figure("blank lines skipped"), is(expected.blankLines));
    assertThat(run.figure("dead letters"), is((long) expected.rejectedLines.size()));
    assertThat(run.figure("lines read"),
        is(run.figure("events counted") + run.figure("blank lines skipped") + run.figure("dead letters")));
    assertThat(run.figure("user_traffic rows"), is((long) expected.users.size()));
    assertThat(run.figure("minute_traffic rows"), is((long) expected.windows.size()));
  }

  @Test
  public void sampleData() throws IOException {
    Path output = folder.getRoot().toPath().resolve("out");
    Run run = run("--inputPath=" + SAMPLE, "--outputDirectory=" + output);
    ExpectedTraffic expected = ExpectedTraffic.of(lines(SAMPLE), 60);
    assertThat(expected.events, is(5000L));
    assertResults(output, expected, run);
    assertThat(OutputFiles.rows(output.resolve("dead_letter")), is(empty()));
  }

  @Test
  public void dirtyData() throws IOException {
    Path output = folder.getRoot().toPath().resolve("out");
    Run run = run("--inputPath=" + DIRTY, "--outputDirectory=" + output, "--windowSeconds=120");
    ExpectedTraffic expected = ExpectedTraffic.of(lines(DIRTY), 120);
    assertThat(expected.rejectedLines, not(empty()));
    assertThat(expected.blankLines, not(is(0L)));
    assertResults(output, expected, run);
    for (Map<String, Object> deadLetter : OutputFiles.rows(output.resolve("dead_letter"))) {
      assertThat((String) deadLetter.get("source"), endsWith("dirty_events.json"));
    }
    assertThat(run.console, containsString("dead letters"));
  }

  @Test
  public void compressedFilesAndPatternsGiveTheSameRowsAsThePlainFile() throws IOException {
    List<String> all = lines(SAMPLE);
    Path inputs = folder.newFolder("in").toPath();
    int third = all.size() / 3;
    write(inputs.resolve("part-1.json"), all.subList(0, third), null);
    write(inputs.resolve("part-2.json.gz"), all.subList(third, 2 * third), GZIPOutputStream::new);
    write(inputs.resolve("part-3.json.bz2"), all.subList(2 * third, all.size()),
        BZip2CompressorOutputStream::new);
    Path output = folder.getRoot().toPath().resolve("out");
    Run run = run("--inputPath=" + inputs.resolve("part-*"), "--outputDirectory=" + output);
    assertResults(output, ExpectedTraffic.of(all, 60), run);
  }

  @Test
  public void aRerunReplacesTheFilesOfTheEarlierRun() throws IOException {
    Path output = folder.getRoot().toPath().resolve("out");
    Path users = output.resolve("user_traffic");
    Run earlier = run("--inputPath=" + DIRTY, "--outputDirectory=" + output, "--mode=user_traffic");
    assertThat(earlier.console, earlier.exitCode, is(0));
    Run run = run("--inputPath=" + SAMPLE, "--outputDirectory=" + output, "--mode=user_traffic");
    assertThat(run.console, run.exitCode, is(0));
    assertThat(OutputFiles.rows(users),
        containsInAnyOrder(ExpectedTraffic.of(lines(SAMPLE), 60).userRows().toArray()));
    // Only the folders of the analyses that ran are written.
    assertThat(Files.exists(output.resolve("minute_traffic")), is(false));
    assertThat(Files.exists(output.resolve("dead_letter")), is(true));
  }

  @Test
  public void aLineOverMaxLineBytesIsADeadLetterCutToTheLimit() throws IOException {
    Path input = folder.newFile("long.json").toPath();
    String longLine = "{\"user_id\": \"u\", \"pad\": \"" + "x".repeat(1000) + "\"}";
    Files.writeString(input, longLine + "\n" + lines(SAMPLE).get(0) + "\n");
    Path output = folder.getRoot().toPath().resolve("out");
    Run run = run("--inputPath=" + input, "--outputDirectory=" + output, "--maxLineBytes=400");
    assertThat(run.console, run.exitCode, is(0));
    List<Map<String, Object>> deadLetters = OutputFiles.rows(output.resolve("dead_letter"));
    assertThat(deadLetters, hasSize(1));
    assertThat(deadLetters.get(0).get("line"), is(longLine.substring(0, 400)));
    assertThat((String) deadLetters.get(0).get("error"), containsString("--maxLineBytes=400"));
    assertThat(OutputFiles.rows(output.resolve("user_traffic")), hasSize(1));
  }

  private interface Compressor {
    OutputStream wrap(OutputStream out) throws IOException;
  }

  private static void write(Path file, List<String> lines, Compressor compressor) throws IOException {
    try (OutputStream out = compressor == null
        ? Files.newOutputStream(file) : compressor.wrap(Files.newOutputStream(file))) {
      out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }
}

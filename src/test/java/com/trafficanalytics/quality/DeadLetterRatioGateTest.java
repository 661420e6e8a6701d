package com.trafficanalytics.quality;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonParser;
import com.trafficanalytics.TrafficAnalyticsPipeline;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code --maxDeadLetterRatio} through {@link TrafficAnalyticsPipeline#execute}, as {@code main}
 * runs it: a run that rejects too much of its input fails with exit code 1 and writes no results
 * (an earlier run's results stay as they were), a run within the ratio succeeds, and the ratio is
 * over the non-blank lines (blank lines are skipped, neither events nor rejections).
 */
public class DeadLetterRatioGateTest {
  private static final List<String> BAD_LINES =
      List.of(
          "not JSON at all",
          "{\"user_id\": \"1\", \"timestamp\": \"2026-03-05T21:49:42Z\"}",
          "[1, 2, 3]",
          "{\"user_id\": \"1\", \"timestamp\": \"yesterday\", \"num_bytes\": 5}",
          "{\"user_id\": \"2\", \"timestamp\": \"2026-03-05T21:49:42Z\", \"num_bytes\": -1}");

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  /** 1 event and 4 rejected lines: 80% rejected, more than 50%. */
  @Test
  public void mostlyBadInputFailsAndWritesNoResults() throws IOException {
    File out = new File(tmp.getRoot(), "out");
    Run run = execute(input(events(1), BAD_LINES.subList(0, 4)), out, "--maxDeadLetterRatio=0.5");

    assertEquals(run.console, 1, run.exitCode);
    assertThat(run.console, containsString("--maxDeadLetterRatio=0.5"));
    assertThat(run.console, containsString("4 of 5 non-blank lines"));
    assertFalse("user_traffic/ written", new File(out, "user_traffic").exists());
    assertFalse("minute_traffic/ written", new File(out, "minute_traffic").exists());
  }

  /**
   * The failure says "Check the dead letters for the reasons", and a wrong input is exactly when
   * they are needed: the rejected lines are written before the gate fails the run.
   */
  @Test
  public void aFailedRunStillWritesItsDeadLetters() throws IOException {
    File out = new File(tmp.getRoot(), "out");
    Run run = execute(input(events(1), BAD_LINES), out, "--maxDeadLetterRatio=0.5");

    assertEquals(run.console, 1, run.exitCode);
    assertThat(run.console, containsString("Check the dead letters"));
    List<String> rejected = new ArrayList<>();
    for (String json : contents(out.toPath().resolve("dead_letter")).values()) {
      json.lines()
          .forEach(
              line ->
                  rejected.add(
                      JsonParser.parseString(line).getAsJsonObject().get("line").getAsString()));
    }
    Collections.sort(rejected);
    List<String> expected = new ArrayList<>(BAD_LINES);
    Collections.sort(expected);
    assertEquals(expected, rejected);
  }

  /** A failed gate leaves the results of an earlier good run exactly as they were. */
  @Test
  public void aFailedRunLeavesAnEarlierRunsResultsUnchanged() throws IOException {
    File out = new File(tmp.getRoot(), "out");
    Run good = execute(input(events(3), List.of()), out, "--maxDeadLetterRatio=0.5");
    assertEquals(good.console, 0, good.exitCode);
    Map<String, String> userTraffic = contents(out.toPath().resolve("user_traffic"));
    Map<String, String> minuteTraffic = contents(out.toPath().resolve("minute_traffic"));
    assertEquals(3, lineCount(userTraffic));

    Run bad = execute(input(events(1), BAD_LINES), out, "--maxDeadLetterRatio=0.5");

    assertEquals(bad.console, 1, bad.exitCode);
    assertThat(bad.console, containsString("--maxDeadLetterRatio"));
    assertEquals(userTraffic, contents(out.toPath().resolve("user_traffic")));
    assertEquals(minuteTraffic, contents(out.toPath().resolve("minute_traffic")));
  }

  /** 3 events and 1 rejected line: 25% rejected, within 50%; the results are written. */
  @Test
  public void aRunWithinTheRatioSucceeds() throws IOException {
    File out = new File(tmp.getRoot(), "out");
    Run run = execute(input(events(3), BAD_LINES.subList(0, 1)), out, "--maxDeadLetterRatio=0.5");

    assertEquals(run.console, 0, run.exitCode);
    assertThat(run.console, not(containsString("error")));
    assertEquals(3, lineCount(contents(out.toPath().resolve("user_traffic"))));
    assertEquals(1, lineCount(contents(out.toPath().resolve("dead_letter"))));
  }

  /** Exactly at the ratio passes: the run fails only when MORE than the fraction is rejected. */
  @Test
  public void exactlyTheRatioPasses() throws IOException {
    File out = new File(tmp.getRoot(), "out");
    Run run = execute(input(events(2), BAD_LINES.subList(0, 2)), out, "--maxDeadLetterRatio=0.5");

    assertEquals(run.console, 0, run.exitCode);
    assertEquals(2, lineCount(contents(out.toPath().resolve("user_traffic"))));
  }

  /**
   * 2 events, 1 rejected line, 10 blank lines: 1 of 3 non-blank lines is rejected (33%), within
   * 50%. Counting the blank lines as rejected would make it 11 of 13 and fail the run.
   */
  @Test
  public void blankLinesAreNotRejections() throws IOException {
    File out = new File(tmp.getRoot(), "out");
    List<String> lines = input(events(2), BAD_LINES.subList(0, 1));
    lines.addAll(Collections.nCopies(5, ""));
    lines.addAll(Collections.nCopies(5, " \t "));

    Run run = execute(lines, out, "--maxDeadLetterRatio=0.5");

    assertEquals(run.console, 0, run.exitCode);
    assertEquals(2, lineCount(contents(out.toPath().resolve("user_traffic"))));
  }

  /**
   * 1 event, 2 rejected lines, 10 blank lines: 2 of 3 non-blank lines are rejected (67%), more
   * than 50%. Counting the blank lines in the total would make it 2 of 13 and let the run pass.
   */
  @Test
  public void blankLinesDoNotDiluteTheRatio() throws IOException {
    File out = new File(tmp.getRoot(), "out");
    List<String> lines = input(events(1), BAD_LINES.subList(0, 2));
    lines.addAll(Collections.nCopies(10, ""));

    Run run = execute(lines, out, "--maxDeadLetterRatio=0.5");

    assertEquals(run.console, 1, run.exitCode);
    assertThat(run.console, containsString("2 of 3 non-blank lines"));
    assertFalse(new File(out, "user_traffic").exists());
  }

  // ---------------------------------------------------------------------------------------------

  /** {@code count} valid events in the lab's format, each of another user. */
  private static List<String> events(int count) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      lines.add(
          "{\"user_id\": \"-643425532654434129" + i + "\", \"ip\": \"192.175.49.116\", \"lat\":"
              + " 37.751, \"lng\": -97.822, \"timestamp\": \"2026-03-05T21:4" + i + ":42.746115Z\","
              + " \"http_request\": \"\\\"GET eucharya.html HTTP/1.0\\\"\", \"http_response\": 200,"
              + " \"num_bytes\": " + (100 + i) + ", \"user_agent\": \"Mozilla/5.0 (compatible;"
              + " MSIE 7.0; Windows NT 5.01; Trident/5.1)\"}");
    }
    return lines;
  }

  /** Events and bad lines interleaved, so no file region is all good or all bad. */
  private static List<String> input(List<String> events, List<String> bad) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < Math.max(events.size(), bad.size()); i++) {
      if (i < bad.size()) {
        lines.add(bad.get(i));
      }
      if (i < events.size()) {
        lines.add(events.get(i));
      }
    }
    return lines;
  }

  private record Run(int exitCode, String console) {}

  private Run execute(List<String> lines, File out, String... extraArgs) throws IOException {
    File input = tmp.newFile();
    Files.write(input.toPath(), lines, StandardCharsets.UTF_8);
    List<String> args = new ArrayList<>();
    args.add("--inputPath=" + input);
    args.add("--outputDirectory=" + out);
    Collections.addAll(args, extraArgs);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    int exitCode =
        TrafficAnalyticsPipeline.execute(
            args.toArray(new String[0]), new PrintStream(console, true, StandardCharsets.UTF_8));
    return new Run(exitCode, console.toString(StandardCharsets.UTF_8));
  }

  /** The JSON files of a folder and their content, by name. */
  private static Map<String, String> contents(Path folder) throws IOException {
    assertTrue(folder + " missing", Files.isDirectory(folder));
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.list(folder)) {
      // The rows' files; a run folder also holds its _MANIFEST (README, "Outputs").
      for (Path file :
          paths.filter(p -> p.toString().endsWith(".json")).collect(Collectors.toList())) {
        files.put(file.getFileName().toString(), Files.readString(file));
      }
    }
    return files;
  }

  private static int lineCount(Map<String, String> files) {
    int lines = 0;
    for (String text : files.values()) {
      lines += (int) text.lines().count();
    }
    return lines;
  }
}

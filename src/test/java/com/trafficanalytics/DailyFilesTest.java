package com.trafficanalytics;

import com.trafficanalytics.testing.CommandLineRun;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.trafficanalytics.testing.ExpectedTraffic;
import com.trafficanalytics.testing.OutputFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Daily runs into files ({@code --runDate}): each day is a {@code run_date=YYYY-MM-DD} partition
 * of each output folder, replaced whole by a rerun of that day and never touched by another day's
 * run; dated and undated results never share a folder. Figures come from the independent oracle.
 */
public class DailyFilesTest {
  private static final String RUN_ID = "\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{8}";
  private static final String DAY_1 = "2026-03-05";
  private static final String DAY_2 = "2026-03-06";
  private static final List<String> OUTPUTS =
      List.of("user_traffic", "minute_traffic", "dead_letter");

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private static CommandLineRun run(String... args) {
    return CommandLineRun.of(args);
  }

  private static String event(String user, String time, long bytes) {
    return "{\"user_id\": \"" + user + "\", \"timestamp\": \"" + time + "\", \"num_bytes\": "
        + bytes + "}";
  }

  /** Day 1's log as first delivered: one line broken, one user's event missing. */
  private static final List<String> DAY_1_FIRST =
      List.of(
          event("a", "2026-03-05T10:00:05Z", 100),
          event("b", "2026-03-05T10:00:40Z", 200),
          "{\"user_id\": \"a\", \"timestamp\": \"2026-03-05T23:59:10Z\", \"num_bytes\": 3",
          event("b", "2026-03-05T23:59:20Z", 40));

  /** Day 1's log corrected: the broken line fixed, a late event added; user b reads more. */
  private static final List<String> DAY_1_CORRECTED =
      List.of(
          event("a", "2026-03-05T10:00:05Z", 100),
          event("b", "2026-03-05T10:00:40Z", 250),
          event("a", "2026-03-05T23:59:10Z", 30),
          event("b", "2026-03-05T23:59:20Z", 40),
          event("c", "2026-03-05T12:30:00Z", 7));

  /** Day 2's log, whose first event falls in day 1's last minute: a window split across runs. */
  private static final List<String> DAY_2_LINES =
      List.of(
          event("b", "2026-03-05T23:59:50Z", 60),
          event("c", "2026-03-06T08:15:10Z", 5),
          event("d", "2026-03-06T08:15:20Z", 9),
          "not json");

  private Path logs() {
    return folder.getRoot().toPath().resolve("logs");
  }

  private void writeLog(String day, List<String> lines) throws IOException {
    Path file = logs().resolve(day).resolve("events.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n");
  }

  private CommandLineRun runDay(Path output, String day) {
    return run(
        "--inputPath=" + logs() + "/{date}/*.json",
        "--outputDirectory=" + output,
        "--runDate=" + day);
  }

  /**
   * Day 1, day 2, then day 1 again with a corrected log: day 2's files stay byte for byte with
   * their times, day 1 holds exactly the corrected figures, and the days read together give every
   * row once, adding up across days as the README's queries do.
   */
  @Test
  public void aRerunReplacesItsOwnDayAndLeavesTheOtherDayAlone() throws IOException {
    Path output = folder.getRoot().toPath().resolve("out");
    writeLog(DAY_1, DAY_1_FIRST);
    writeLog(DAY_2, DAY_2_LINES);
    CommandLineRun first = runDay(output, DAY_1);
    assertThat(first.console(), first.exitCode(), is(0));
    assertDayEqualsOracle(output, DAY_1, DAY_1_FIRST);
    CommandLineRun second = runDay(output, DAY_2);
    assertThat(second.console(), second.exitCode(), is(0));
    Map<String, String> dayTwo = snapshotOfDay(output, DAY_2);
    String firstRunOfDayOne = runShown(output, "user_traffic", DAY_1);

    writeLog(DAY_1, DAY_1_CORRECTED);
    CommandLineRun rerun = runDay(output, DAY_1);
    assertThat(rerun.console(), rerun.exitCode(), is(0));

    assertEquals("day 2 untouched", dayTwo, snapshotOfDay(output, DAY_2));
    assertDayEqualsOracle(output, DAY_1, DAY_1_CORRECTED);
    assertDayEqualsOracle(output, DAY_2, DAY_2_LINES);
    assertThat(runShown(output, "user_traffic", DAY_1), not(firstRunOfDayOne));

    for (String name : OUTPUTS) {
      // The result folder is a plain folder of the job's links, one per day (Hive layout).
      Path result = output.resolve(name);
      assertFalse(Files.isSymbolicLink(result));
      assertThat(names(result), containsInAnyOrder("run_date=" + DAY_1, "run_date=" + DAY_2));
      for (String day : List.of(DAY_1, DAY_2)) {
        Path link = result.resolve("run_date=" + day);
        String target = Files.readSymbolicLink(link).toString();
        assertThat(target, matchesPattern("\\.\\./\\.traffic-analytics/" + name + "/run_date="
            + day + "/" + RUN_ID));
        String runId = target.substring(target.lastIndexOf('/') + 1);
        Path state = output.resolve(".traffic-analytics").resolve(name).resolve("run_date=" + day);
        assertEquals(runId + "\n", Files.readString(state.resolve("CURRENT")));
        JsonObject manifest =
            JsonParser.parseString(Files.readString(link.resolve("_MANIFEST"))).getAsJsonObject();
        assertEquals(runId, manifest.get("run").getAsString());
        assertEquals(name, manifest.get("output").getAsString());
        assertEquals("run_date=" + day, manifest.get("partition").getAsString());
      }
      // Day 1 keeps the run its link showed before, for readers still reading it; day 2 one run.
      Path state = output.resolve(".traffic-analytics").resolve(name);
      assertThat(
          names(state), containsInAnyOrder("lock", "run_date=" + DAY_1, "run_date=" + DAY_2));
      assertEquals(3, names(state.resolve("run_date=" + DAY_1)).size());
      assertEquals(2, names(state.resolve("run_date=" + DAY_2)).size());
    }

    // Across days, as in the README: total per user, and pageviews per window by timestamp.
    List<String> bothDays = new ArrayList<>(DAY_1_CORRECTED);
    bothDays.addAll(DAY_2_LINES);
    ExpectedTraffic all = ExpectedTraffic.of(bothDays, 60);
    Map<String, Long> pageviewsPerUser = new TreeMap<>();
    Map<String, Long> bytesPerUser = new TreeMap<>();
    for (Map<String, Object> row : rowsOfAllDays(output, "user_traffic")) {
      pageviewsPerUser.merge((String) row.get("user_id"), (Long) row.get("pageviews"), Long::sum);
      bytesPerUser.merge((String) row.get("user_id"), (Long) row.get("total_bytes"), Long::sum);
    }
    Map<String, Long> expectedPageviews = new TreeMap<>();
    Map<String, Long> expectedBytes = new TreeMap<>();
    all.users.forEach((user, s) -> {
      expectedPageviews.put(user, s[0]);
      expectedBytes.put(user, s[1]);
    });
    assertEquals(expectedPageviews, pageviewsPerUser);
    assertEquals(expectedBytes, bytesPerUser);
    Map<String, Long> perWindow = new TreeMap<>();
    for (Map<String, Object> row : rowsOfAllDays(output, "minute_traffic")) {
      perWindow.merge((String) row.get("timestamp"), (Long) row.get("pageviews"), Long::sum);
    }
    Map<String, Long> expectedWindows = new TreeMap<>();
    for (Map<String, Object> row : all.minuteRows()) {
      expectedWindows.put((String) row.get("timestamp"), (Long) row.get("pageviews"));
    }
    assertEquals(expectedWindows, perWindow);
    assertEquals("the split window", 3L, (long) perWindow.get("2026-03-05 23:59:00"));

    // One report per day, showing its day.
    for (String day : List.of(DAY_1, DAY_2)) {
      String report = Files.readString(output.resolve("report-" + day + ".html"));
      assertThat(report, containsString("<td id=\"run-date\">" + day + "</td>"));
    }
    assertFalse(Files.exists(output.resolve("report.html")));
  }

  /** A dated run refuses a folder of undated results, and the reverse; nothing is changed. */
  @Test
  public void datedAndUndatedRunsDoNotShareAFolder() throws IOException {
    writeLog(DAY_1, DAY_1_FIRST);
    String input = "--inputPath=" + logs() + "/" + DAY_1 + "/events.json";

    Path undated = folder.getRoot().toPath().resolve("undated");
    assertThat(run(input, "--outputDirectory=" + undated).exitCode(), is(0));
    Map<String, String> before = snapshot(undated);
    CommandLineRun dated = run(input, "--outputDirectory=" + undated, "--runDate=" + DAY_1);
    assertThat(dated.console(), dated.exitCode(), is(2));
    assertThat(dated.console(), containsString("error: --outputDirectory=" + undated + ": "));
    assertThat(dated.console(), containsString("results of runs without --runDate"));
    assertEquals(1, dated.console().strip().lines().count());
    assertEquals(before, snapshot(undated));

    Path daily = folder.getRoot().toPath().resolve("daily");
    assertThat(run(input, "--outputDirectory=" + daily, "--runDate=" + DAY_1).exitCode(), is(0));
    before = snapshot(daily);
    CommandLineRun plain = run(input, "--outputDirectory=" + daily);
    assertThat(plain.console(), plain.exitCode(), is(2));
    assertThat(plain.console(), containsString("error: --outputDirectory=" + daily + ": "));
    assertThat(plain.console(), containsString("add --runDate=YYYY-MM-DD"));
    assertEquals(1, plain.console().strip().lines().count());
    assertEquals(before, snapshot(daily));

    // The dead letters' own folder is held to the same rule.
    Path deadLetters = folder.getRoot().toPath().resolve("rejected");
    CommandLineRun undatedDeadLetters =
        run(input, "--outputDirectory=" + undated, "--deadLetterDirectory=" + deadLetters);
    assertThat(undatedDeadLetters.console(), undatedDeadLetters.exitCode(), is(0));
    CommandLineRun datedDeadLetters =
        run(input, "--outputDirectory=" + daily, "--deadLetterDirectory=" + deadLetters,
            "--runDate=" + DAY_2);
    assertThat(datedDeadLetters.console(), datedDeadLetters.exitCode(), is(2));
    assertThat(datedDeadLetters.console(),
        containsString("error: --deadLetterDirectory=" + deadLetters + ": "));
  }

  /** Files of someone else's in a daily result folder are refused and left as they were. */
  @Test
  public void aForeignFileAmongTheDaysIsRefused() throws IOException {
    Path output = folder.getRoot().toPath().resolve("out");
    writeLog(DAY_1, DAY_1_FIRST);
    writeLog(DAY_2, DAY_2_LINES);
    assertThat(runDay(output, DAY_1).exitCode(), is(0));
    Files.writeString(output.resolve("user_traffic").resolve("notes.txt"), "mine");
    Map<String, String> before = snapshot(output);
    CommandLineRun second = runDay(output, DAY_2);
    assertThat(second.console(), second.exitCode(), is(2));
    assertThat(second.console(), containsString("holds files this job did not write"));
    assertEquals(before, snapshot(output));
  }

  /**
   * One run at a time per output folder, whatever its day: a run of another day while one is
   * writing the folder is refused (exit 2, nothing written) and is to be started again later.
   */
  @Test
  public void anotherDaysRunIntoABusyFolderIsRefused() throws IOException {
    Path output = folder.getRoot().toPath().resolve("out");
    writeLog(DAY_1, DAY_1_FIRST);
    writeLog(DAY_2, DAY_2_LINES);
    assertThat(runDay(output, DAY_1).exitCode(), is(0));
    Map<String, String> before = snapshot(output);
    Path lock = output.resolve(".traffic-analytics").resolve("user_traffic").resolve("lock");
    try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      CommandLineRun second = runDay(output, DAY_2);
      assertThat(second.console(), second.exitCode(), is(2));
      assertThat(second.console(), containsString("is being written by another run right now"));
    }
    assertEquals(before, snapshot(output));
    assertThat(runDay(output, DAY_2).exitCode(), is(0));
  }

  /** {@code {date}} in --reportPath is the run date; without --runDate it is refused. */
  @Test
  public void theReportPathTakesTheRunDate() throws IOException {
    Path output = folder.getRoot().toPath().resolve("out");
    writeLog(DAY_2, DAY_2_LINES);
    Path reports = folder.getRoot().toPath().resolve("reports");
    CommandLineRun dated =
        run("--inputPath=" + logs() + "/{date}/*.json", "--outputDirectory=" + output,
            "--runDate=" + DAY_2, "--reportPath=" + reports + "/traffic-{date}.html");
    assertThat(dated.console(), dated.exitCode(), is(0));
    assertThat(Files.readString(reports.resolve("traffic-" + DAY_2 + ".html")),
        containsString("<td id=\"run-date\">" + DAY_2 + "</td>"));

    CommandLineRun undated =
        run("--inputPath=" + logs() + "/" + DAY_2 + "/*.json",
            "--outputDirectory=" + folder.getRoot().toPath().resolve("other"),
            "--reportPath=" + reports + "/traffic-{date}.html");
    assertThat(undated.console(), undated.exitCode(), is(2));
    assertThat(undated.console(), containsString("--reportPath=" + reports
        + "/traffic-{date}.html holds {date} but no --runDate gives it"));
  }

  /** Each output of one day, read through its link, equals the oracle for that day's lines. */
  private static void assertDayEqualsOracle(Path output, String day, List<String> lines) {
    ExpectedTraffic expected = ExpectedTraffic.of(lines, 60);
    String partition = "run_date=" + day;
    expected.assertRowsIn(
        output.resolve("user_traffic").resolve(partition),
        output.resolve("minute_traffic").resolve(partition));
    List<Object> rejected = new ArrayList<>();
    for (Map<String, Object> row :
        OutputFiles.rows(output.resolve("dead_letter").resolve(partition))) {
      rejected.add(row.get("line"));
    }
    assertThat(rejected, containsInAnyOrder(expected.rejectedLines.toArray()));
  }

  /** The rows of every day, as {@code out/NAME/*}{@code /*.json} finds them. */
  private static List<Map<String, Object>> rowsOfAllDays(Path output, String name)
      throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Stream<Path> days = Files.list(output.resolve(name))) {
      for (Path day : days.sorted().toList()) {
        rows.addAll(OutputFiles.rows(day));
      }
    }
    return rows;
  }

  private static String runShown(Path output, String name, String day) throws IOException {
    return Files.readSymbolicLink(output.resolve(name).resolve("run_date=" + day))
        .getFileName()
        .toString();
  }

  /**
   * Everything of one day: each output's link, and every file and folder of the day's state with
   * its bytes and modification time.
   */
  private static Map<String, String> snapshotOfDay(Path output, String day) throws IOException {
    Map<String, String> files = new TreeMap<>();
    String partition = "run_date=" + day;
    for (String name : OUTPUTS) {
      Path link = output.resolve(name).resolve(partition);
      files.put(name + "/" + partition, "-> " + Files.readSymbolicLink(link) + " "
          + Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS));
      Path state = output.resolve(".traffic-analytics").resolve(name).resolve(partition);
      snapshot(state, true).forEach((path, content) -> files.put(name + "/" + path, content));
    }
    Path report = output.resolve("report-" + day + ".html");
    files.put(report.getFileName().toString(),
        Files.readString(report) + Files.getLastModifiedTime(report));
    return files;
  }

  private static Map<String, String> snapshot(Path root) throws IOException {
    return snapshot(root, false);
  }

  /** Every file under {@code root} with its bytes (and times), links shown by their target. */
  private static Map<String, String> snapshot(Path root, boolean withTimes) throws IOException {
    Map<String, String> files = new HashMap<>();
    try (Stream<Path> tree = Files.walk(root)) {
      for (Path path : tree.toList()) {
        String key = root.relativize(path).toString();
        String time =
            withTimes ? " " + Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS) : "";
        if (Files.isSymbolicLink(path)) {
          files.put(key, "-> " + Files.readSymbolicLink(path) + time);
        } else if (Files.isRegularFile(path)) {
          files.put(key, new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1) + time);
        } else {
          files.put(key, "/" + time);
        }
      }
    }
    return new TreeMap<>(files);
  }

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.map(p -> p.getFileName().toString()).toList();
    }
  }
}

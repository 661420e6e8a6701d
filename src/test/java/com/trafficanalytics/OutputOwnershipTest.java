package com.trafficanalytics;

import com.trafficanalytics.testing.CommandLineRun;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.trafficanalytics.testing.ExpectedTraffic;
import com.trafficanalytics.testing.OutputFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * What the job may touch: it replaces a result folder as a whole (a link swapped to a complete run
 * with its manifest), deletes only run folders it made, and refuses before anything runs a folder
 * that holds anything else, that holds or is the input, that cannot be written, or that another
 * run is writing. Every refusal leaves the files there byte for byte.
 */
public class OutputOwnershipTest {
  private static final String RUN_ID = "\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{8}";

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private static CommandLineRun run(String... args) {
    return CommandLineRun.of(args);
  }

  private Path input(String name, List<String> lines) throws IOException {
    Path file = folder.getRoot().toPath().resolve("in").resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  private static String event(String user, String time, long bytes) {
    return "{\"user_id\": \"" + user + "\", \"timestamp\": \"" + time + "\", \"num_bytes\": "
        + bytes + "}";
  }

  private static final List<String> FIRST =
      List.of(
          event("a", "2026-03-05T21:49:42Z", 10),
          event("b", "2026-03-05T21:50:00Z", 20),
          "not json");
  private static final List<String> SECOND =
      List.of(event("c", "2026-03-07T08:15:10Z", 5), event("c", "2026-03-07T08:15:20Z", 7));

  /** Every file under {@code root} with its bytes, links shown by their target: a snapshot. */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> tree = Files.walk(root)) {
      for (Path path : tree.toList()) {
        String key = root.relativize(path).toString();
        if (Files.isSymbolicLink(path)) {
          files.put(key, "-> " + Files.readSymbolicLink(path));
        } else if (Files.isRegularFile(path)) {
          files.put(key, new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1));
        } else {
          files.put(key, "/");
        }
      }
    }
    return files;
  }

  /**
   * Two runs into one folder: each result folder is a relative link to a complete run whose
   * manifest lists exactly its JSON files with their sizes and the row count; the second run's
   * rows replace the first's; the run the link showed before stays until the next run starts.
   */
  @Test
  public void aRerunSwapsTheLinkToItsCompleteRunAndKeepsThePreviousOne() throws IOException {
    Path output = folder.getRoot().toPath().resolve("out");
    CommandLineRun first = run("--inputPath=" + input("first.json", FIRST), "--outputDirectory=" + output);
    assertThat(first.console(), first.exitCode(), is(0));
    String firstRun = Files.readSymbolicLink(output.resolve("user_traffic")).getFileName().toString();

    CommandLineRun second = run("--inputPath=" + input("second.json", SECOND), "--outputDirectory=" + output);
    assertThat(second.console(), second.exitCode(), is(0));

    ExpectedTraffic expected = ExpectedTraffic.of(SECOND, 60);
    expected.assertRowsUnder(output);
    assertThat(OutputFiles.rows(output.resolve("dead_letter")), hasSize(0));
    Map<String, Long> rows =
        Map.of("user_traffic", (long) expected.users.size(),
            "minute_traffic", (long) expected.windows.size(), "dead_letter", 0L);
    for (Map.Entry<String, Long> result : rows.entrySet()) {
      Path link = output.resolve(result.getKey());
      assertTrue(result.getKey() + " is a link", Files.isSymbolicLink(link));
      String target = Files.readSymbolicLink(link).toString();
      assertThat(target, matchesPattern("\\.traffic-analytics/" + result.getKey() + "/" + RUN_ID));
      String runId = target.substring(target.lastIndexOf('/') + 1);
      Path state = output.resolve(".traffic-analytics").resolve(result.getKey());
      // CURRENT, the pointer readers of gs:// use, names the same run as the link.
      assertEquals(runId + "\n", Files.readString(state.resolve("CURRENT")));
      assertManifestDescribes(link, runId, result.getValue());
    }
    // The previous run stays for readers that opened it; nothing else is in the state folder.
    Path userState = output.resolve(".traffic-analytics").resolve("user_traffic");
    String secondRun = Files.readSymbolicLink(output.resolve("user_traffic")).getFileName().toString();
    assertThat(names(userState), containsInAnyOrder("CURRENT", "lock", firstRun, secondRun));

    // A third run starts by deleting the run that is neither current nor previous.
    CommandLineRun third = run("--inputPath=" + input("first.json", FIRST), "--outputDirectory=" + output);
    assertThat(third.console(), third.exitCode(), is(0));
    assertFalse(Files.exists(userState.resolve(firstRun)));
    assertTrue(Files.exists(userState.resolve(secondRun)));
  }

  private static void assertManifestDescribes(Path runFolder, String runId, long rows)
      throws IOException {
    JsonObject manifest =
        JsonParser.parseString(Files.readString(runFolder.resolve("_MANIFEST"))).getAsJsonObject();
    assertEquals(runId, manifest.get("run").getAsString());
    assertEquals(rows, manifest.get("rows").getAsLong());
    List<String> listed = new ArrayList<>();
    for (JsonElement file : manifest.getAsJsonArray("files")) {
      String name = file.getAsJsonObject().get("name").getAsString();
      listed.add(name);
      assertEquals(name, Files.size(runFolder.resolve(name)),
          file.getAsJsonObject().get("bytes").getAsLong());
    }
    List<String> onDisk =
        OutputFiles.jsonFiles(runFolder).stream().map(p -> p.getFileName().toString()).toList();
    assertThat(listed, containsInAnyOrder(onDisk.toArray()));
    long lines = 0;
    for (Path file : OutputFiles.jsonFiles(runFolder)) {
      lines += Files.readAllLines(file).size();
    }
    assertEquals(rows, lines);
  }

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.map(p -> p.getFileName().toString()).toList();
    }
  }

  /** What a killed run leaves (a run folder without manifest) is deleted by the next run. */
  @Test
  public void theNextRunDeletesWhatAKilledRunLeft() throws IOException {
    Path output = folder.getRoot().toPath().resolve("out");
    Path input = input("first.json", FIRST);
    assertThat(run("--inputPath=" + input, "--outputDirectory=" + output).exitCode(), is(0));
    Path state = output.resolve(".traffic-analytics").resolve("minute_traffic");
    Path killed = state.resolve("20260101T000000.000Z-0badc0de");
    Files.createDirectories(killed.resolve(".temp-beam-x"));
    Files.writeString(killed.resolve(".temp-beam-x").resolve("shard"), "half a row");
    Files.writeString(killed.resolve("part-00000-of-00002.json"), "{}\n");

    assertThat(run("--inputPath=" + input, "--outputDirectory=" + output).exitCode(), is(0));

    assertFalse(Files.exists(killed));
  }

  /**
   * A plain folder with anything in it (a file of the user's, or the result of a version without
   * run folders) is refused with exit 2, naming the option and the fix; it is left byte for byte.
   */
  @Test
  public void aFolderHoldingFilesTheJobDidNotWriteIsRefusedAndLeftAlone() throws IOException {
    Path output = folder.getRoot().toPath().resolve("out");
    Path users = Files.createDirectories(output.resolve("user_traffic"));
    Files.writeString(users.resolve("part-00000-of-00001.json"), "{\"user_id\":\"mine\"}\n");
    Files.writeString(users.resolve("notes.txt"), "keep me");
    Map<String, String> before = snapshot(output);

    CommandLineRun run = run("--inputPath=" + input("first.json", FIRST), "--outputDirectory=" + output);

    assertThat(run.console(), run.exitCode(), is(2));
    assertThat(run.console(), startsWith("traffic-analytics: error: --outputDirectory=" + output));
    assertThat(run.console(), containsString("holds files this job did not write"));
    assertThat(run.console(), containsString("mv "));
    assertThat(run.console().strip().lines().count(), is(1L));
    assertEquals(before, snapshot(output));
  }

  /** The first case: dead letters pointed at the input's folder delete nothing. */
  @Test
  public void deadLettersIntoTheInputsFolderAreRefused() throws IOException {
    Path input = input("events.json", FIRST);
    Files.writeString(input.resolveSibling("package.json"), "{}");
    Map<String, String> before = snapshot(input.getParent());

    CommandLineRun run =
        run("--inputPath=" + input, "--deadLetterDirectory=" + input.getParent(),
            "--outputDirectory=" + folder.getRoot().toPath().resolve("out"));

    assertThat(run.console(), run.exitCode(), is(2));
    assertThat(run.console(), containsString("--deadLetterDirectory=" + input.getParent() + ": "));
    assertThat(run.console(), containsString("holds the input file"));
    assertEquals(before, snapshot(input.getParent()));
  }

  /** An output folder that is the input file, or a folder under a file, is refused. */
  @Test
  public void anOutputDirectoryThatIsAFileIsRefused() throws IOException {
    Path input = input("events.json", FIRST);
    Map<String, String> before = snapshot(input.getParent());

    CommandLineRun run = run("--inputPath=" + input, "--outputDirectory=" + input);

    assertThat(run.console(), run.exitCode(), is(2));
    assertThat(run.console(), containsString("--outputDirectory=" + input + ": "));
    assertThat(run.console(), containsString("is a file, not a folder"));
    assertEquals(before, snapshot(input.getParent()));
  }

  /** The dead letters cannot share a folder with a result. */
  @Test
  public void deadLettersInAResultFolderAreRefused() throws IOException {
    Path output = folder.getRoot().toPath().resolve("out");
    CommandLineRun run =
        run("--inputPath=" + input("events.json", FIRST), "--outputDirectory=" + output,
            "--deadLetterDirectory=" + output.resolve("user_traffic"));
    assertThat(run.console(), run.exitCode(), is(2));
    assertThat(run.console(), containsString("--deadLetterDirectory="));
    assertThat(run.console(), containsString("folder of their own"));
  }

  /** The root of the file system is nobody's output folder. */
  @Test
  public void theRootFolderIsRefused() throws IOException {
    CommandLineRun run = run("--inputPath=" + input("events.json", FIRST), "--outputDirectory=/");
    assertThat(run.console(), run.exitCode(), is(2));
    assertThat(run.console(), containsString("--outputDirectory=/: "));
    assertThat(run.console(), containsString("root of the file system"));
  }

  /**
   * A second run into a folder that a run is writing is refused with exit 2, and leaves the
   * folder alone. (The lock is held here by the test itself; the kill test shows it is dropped
   * when a run is killed.)
   */
  @Test
  public void aSecondRunIntoALockedFolderIsRefused() throws IOException {
    Path output = folder.getRoot().toPath().resolve("out");
    Path input = input("events.json", FIRST);
    assertThat(run("--inputPath=" + input, "--outputDirectory=" + output).exitCode(), is(0));
    Map<String, String> before = snapshot(output);
    Path lock = output.resolve(".traffic-analytics").resolve("dead_letter").resolve("lock");
    try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      CommandLineRun second = run("--inputPath=" + input, "--outputDirectory=" + output);
      assertThat(second.console(), second.exitCode(), is(2));
      assertThat(second.console(), containsString("is being written by another run"));
    }
    assertEquals(before, snapshot(output));
    // Released, the folder takes the next run.
    assertThat(run("--inputPath=" + input, "--outputDirectory=" + output).exitCode(), is(0));
  }
}

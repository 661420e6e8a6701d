package com.trafficanalytics.template;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;

import com.trafficanalytics.testing.ExpectedTraffic;
import com.trafficanalytics.testing.OutputFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The jar in the image runs the job when started as the launcher starts it.
 *
 * <p>The runs are on the DirectRunner (the launcher's own run is on Dataflow, see {@link
 * DataflowTranslationIT}); the expected tables come from {@link ExpectedTraffic}, a plain count
 * that shares no code with the pipeline.
 */
public class LauncherRunIT {

  private static final Path SAMPLE = Path.of("data", "events.json");

  @Rule public TemporaryFolder temporaryFolder = new TemporaryFolder();

  /** Runs the image's main on {@code input} and checks every output against the plain count. */
  private ExpectedTraffic runAndCheck(Path input, List<String> lines) throws Exception {
    Path work = temporaryFolder.getRoot().toPath();
    Path output = work.resolve("traffic");

    Launcher.Run run =
        Launcher.run(
            List.of("--inputPath=" + input, "--outputDirectory=" + output, "--mode=both"),
            work,
            Duration.ofMinutes(5));

    assertEquals(run.toString(), 0, run.exitCode());
    ExpectedTraffic expected = ExpectedTraffic.of(lines, 60);
    expected.assertRowsUnder(output);
    List<Map<String, Object>> deadLetters = OutputFiles.rows(output.resolve("dead_letter"));
    assertThat(
        deadLetters.stream().map(row -> row.get("line")).toList(),
        containsInAnyOrder(expected.rejectedLines.toArray()));
    assertThat(deadLetters.stream().map(row -> row.get("error")).toList(), everyItem(not(is(""))));
    return expected;
  }

  @Test
  public void theImagesJarRunsTheSampleData() throws Exception {
    List<String> lines = Files.readAllLines(SAMPLE, StandardCharsets.UTF_8);
    assertThat("sample events", lines, not(empty()));
    runAndCheck(SAMPLE.toAbsolutePath(), lines);
  }

  @Test
  public void theImagesJarRejectsBadLinesAndSkipsBlankOnes() throws Exception {
    Random random = new Random(20260305);
    Instant start = Instant.parse("2026-03-05T21:47:13.250Z");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      lines.add(
          String.format(
              "{\"user_id\":\"-64342553265441%d\",\"timestamp\":\"%s\",\"num_bytes\":%d}",
              random.nextInt(7),
              start.plusMillis(random.nextInt(4 * 60_000)),
              random.nextInt(50_000)));
    }
    lines.add(120, "");
    lines.add(7, "not json at all");
    lines.add(300, "{\"user_id\":\"x\",\"timestamp\":\"2026-03-05T21:49:42Z\"}");
    Path input = temporaryFolder.getRoot().toPath().resolve("events.json");
    Files.write(input, lines, StandardCharsets.UTF_8);

    ExpectedTraffic expected = runAndCheck(input, lines);
    assertThat(expected.rejectedLines.size(), is(2));
    assertThat(expected.blankLines, is(1L));
  }
}

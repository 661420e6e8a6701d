package com.trafficanalytics.analysis;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.api.services.bigquery.model.TableRow;
import com.trafficanalytics.metrics.TrafficCounters;
import com.trafficanalytics.read.AnalyzeTrafficFiles;
import com.trafficanalytics.testing.ExpectedTraffic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The merge stays bounded whatever the number of groups: with a tiny bound, on inputs with many
 * more groups than that (one of them with a bot holding half the events), every element that
 * enters the shuffle holds at most the bound, each part of the input sends each of its groups
 * once (the bot too), and the rows equal the independent oracle. On the DirectRunner, enforcement
 * checks on.
 */
public class BoundedMergeTest {
  private static final int BOUND = 4;
  private static final int FILES = 4;

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

  private static String event(String user, long second, long bytes) {
    return String.format(
        "{\"user_id\": \"%s\", \"timestamp\": \"2026-03-05T%02d:%02d:%02dZ\", \"num_bytes\": %d}",
        user, 10 + second / 3600, second / 60 % 60, second % 60, bytes);
  }

  /** FILES files of lines; {@code botShare} of the events are by one user, "bot". */
  private List<List<String>> input(double botShare, long seed) {
    Random random = new Random(seed);
    List<List<String>> files = new ArrayList<>();
    for (int f = 0; f < FILES; f++) {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        String user = random.nextDouble() < botShare ? "bot" : "u" + random.nextInt(600);
        lines.add(event(user, random.nextInt(3 * 3600), random.nextInt(100_000)));
      }
      lines.add("not an event");
      files.add(lines);
    }
    return files;
  }

  private String write(List<List<String>> files, String name) throws IOException {
    Path dir = folder.newFolder(name).toPath();
    for (int f = 0; f < files.size(); f++) {
      Files.write(dir.resolve("part-" + f + ".json"), files.get(f), StandardCharsets.UTF_8);
    }
    return dir.resolve("part-*.json").toString();
  }

  /** Rows as column -> text, so that a row read back from its coder compares equal. */
  private static Set<Map<String, String>> normalized(Iterable<? extends Map<String, ?>> rows) {
    Set<Map<String, String>> out = new HashSet<>();
    for (Map<String, ?> row : rows) {
      Map<String, String> text = new HashMap<>();
      row.forEach((column, value) -> text.put(column, String.valueOf(value)));
      out.add(text);
    }
    return out;
  }

  private static void assertRows(
      PCollection<List<TableRow>> blocks, List<Map<String, Object>> expected) {
    Set<Map<String, String>> want = normalized(expected);
    PAssert.that(blocks)
        .satisfies(
            actual -> {
              List<TableRow> rows = new ArrayList<>();
              for (List<TableRow> block : actual) {
                assertTrue("a block holds a row or more", !block.isEmpty());
                assertTrue(
                    "a block holds at most ROWS_PER_BLOCK rows",
                    block.size() <= MergePartialTraffic.ROWS_PER_BLOCK);
                rows.addAll(block);
              }
              assertEquals(want, normalized(rows));
              return null;
            });
  }

  private static DistributionResult distribution(PipelineResult result, String name) {
    MetricResult<DistributionResult> only =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(TrafficCounters.NAMESPACE, name))
                    .build())
            .getDistributions()
            .iterator()
            .next();
    return only.getAttempted();
  }

  private static long groupsPerFile(List<List<String>> files, boolean byUser) {
    long total = 0;
    for (List<String> file : files) {
      ExpectedTraffic one = ExpectedTraffic.of(file, 1);
      total += byUser ? one.users.size() : one.windows.size();
    }
    return total;
  }

  private void check(double botShare, long seed, String name) throws IOException {
    List<List<String>> files = input(botShare, seed);
    String pattern = write(files, name);
    List<String> all = new ArrayList<>();
    files.forEach(all::addAll);
    ExpectedTraffic expected = ExpectedTraffic.of(all, 1);
    // One-second windows: thousands of windows as well as hundreds of users.
    AnalyzeTrafficFiles.Result result =
        pipeline
            .apply(FileIO.match().filepattern(pattern))
            .apply(FileIO.readMatches())
            .apply(
                AnalyzeTrafficFiles.of(List.of(new UserTraffic(), new MinuteTraffic(1)), 1 << 20)
                    .withKeySpace(KeySpace.of(5, BOUND)));
    assertRows(result.rows(UserTraffic.NAME), expected.userRows());
    assertRows(result.rows(MinuteTraffic.NAME), expected.minuteRows());
    PipelineResult run = pipeline.run();
    run.waitUntilFinish();

    for (String analysis : List.of(UserTraffic.NAME, MinuteTraffic.NAME)) {
      boolean byUser = analysis.equals(UserTraffic.NAME);
      long groups = byUser ? expected.users.size() : expected.windows.size();
      assertThat("groups in " + name, groups, greaterThanOrEqualTo(50L * BOUND));
      DistributionResult partials =
          distribution(run, MergePartialTraffic.groupsPerPartial(analysis));
      assertThat(analysis + ": the fullest element crossing the shuffle", partials.getMax(),
          lessThanOrEqualTo((long) BOUND));
      // Each file (one part of the input here) sends each of its groups exactly once: the bot's
      // half of the events is one entry per part, and nothing is lost or sent twice.
      assertEquals(analysis + ": groups sent", groupsPerFile(files, byUser), partials.getSum());
      assertThat(analysis + ": elements", partials.getCount(),
          greaterThanOrEqualTo((groups + BOUND - 1) / BOUND));
      DistributionResult keys = distribution(run, MergePartialTraffic.groupsPerKey(analysis));
      assertEquals(analysis + ": every group merged once", groups, keys.getSum());
      assertThat(analysis + ": keys", keys.getCount(), lessThanOrEqualTo(5L));
    }
  }

  @Test
  public void manyGroupsCrossTheShuffleInElementsOfAtMostTheBound() throws IOException {
    check(0, 1, "many");
  }

  @Test
  public void aBotWithHalfTheEventsSendsOnePartialPerPart() throws IOException {
    check(0.5, 2, "skewed");
  }
}

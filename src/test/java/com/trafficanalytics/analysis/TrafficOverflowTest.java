package com.trafficanalytics.analysis;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.trafficanalytics.events.Event;
import com.trafficanalytics.read.AnalyzeTrafficFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline.PipelineExecutionException;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Sums that do not fit in INT64 never wrap around: the run stops with one line naming the
 * analysis and the group; and an analysis never sums what it does not output.
 */
public class TrafficOverflowTest {
  private static final long MAX = Long.MAX_VALUE;

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TemporaryFolder folder = new TemporaryFolder();

  private static String event(String user, long bytes) {
    return "{\"user_id\": \"" + user + "\", \"timestamp\": \"2026-03-05T21:49:42Z\", \"num_bytes\": "
        + bytes + "}";
  }

  private String files(String... contents) throws IOException {
    Path dir = folder.newFolder().toPath();
    for (int i = 0; i < contents.length; i++) {
      Files.writeString(dir.resolve("part-" + i + ".json"), contents[i], StandardCharsets.UTF_8);
    }
    return dir.resolve("part-*.json").toString();
  }

  private AnalyzeTrafficFiles.Result analyze(String pattern) {
    return pipeline
        .apply(FileIO.match().filepattern(pattern))
        .apply(FileIO.readMatches())
        .apply(
            AnalyzeTrafficFiles.of(List.of(new UserTraffic(), new MinuteTraffic(60)), 1 << 20));
  }

  @Test
  public void aUserTotalPastInt64InOnePartNamesTheUser() {
    PartialTraffic<String> users = new PartialTraffic<>(new UserTraffic());
    users.add(new Event("big", 0, MAX));
    TrafficOverflowException e =
        assertThrows(TrafficOverflowException.class, () -> users.add(new Event("big", 0, 1)));
    assertEquals(
        "user_traffic: the total bytes of user_id \"big\" pass 9223372036854775807 (INT64's"
            + " maximum): its num_bytes values cannot all be real response sizes; correct or"
            + " remove that group's events and run again",
        e.getMessage());
  }

  @Test
  public void aWindowNeverSumsBytes() {
    PartialTraffic<Long> windows = new PartialTraffic<>(new MinuteTraffic(60));
    windows.add(new Event("a", 0, MAX));
    windows.add(new Event("b", 0, MAX));
    assertEquals(1, windows.groups());
  }

  /** The case: two events in one minute, MAX and 1 bytes, by two users: both succeed. */
  @Test
  public void bothModesSucceedWhenOnlyAnUnusedFigureWouldOverflow() throws IOException {
    String pattern = files(event("a", MAX) + "\n" + event("b", 1) + "\n");
    PAssert.that(
            analyze(pattern)
                .rows(MinuteTraffic.NAME)
                .apply(Flatten.iterables())
                .apply(MapElements.into(TypeDescriptors.longs())
                    .via(row -> Long.parseLong(String.valueOf(row.get("pageviews"))))))
        .containsInAnyOrder(2L);
    pipeline.run().waitUntilFinish();
  }

  /** The overflow found where two parts' figures merge (after the shuffle). */
  @Test
  public void aUserTotalPastInt64AcrossPartsStopsTheRunNamingTheUser() throws IOException {
    String pattern = files(event("big", MAX) + "\n", event("big", 1) + "\n");
    analyze(pattern);
    PipelineExecutionException e =
        assertThrows(PipelineExecutionException.class, () -> pipeline.run().waitUntilFinish());
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    assertTrue(root.toString(), root instanceof TrafficOverflowException);
    assertThat(root.getMessage(), containsString("user_traffic: the total bytes of user_id \"big\""));
  }
}

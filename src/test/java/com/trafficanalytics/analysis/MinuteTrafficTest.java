package com.trafficanalytics.analysis;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.trafficanalytics.events.Event;
import java.util.Random;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Test;

/** The window of an event: Beam's {@link FixedWindows}, and always a window that holds it. */
public class MinuteTrafficTest {
  private static final int[] WINDOW_SECONDS = {1, 60, 300, 3600, 86_400};

  /** Random instants within the years 1900 to 2100, a third of them on or next to a window edge. */
  private static long[] instants(int windowSeconds, long from, long to) {
    Random random = new Random(windowSeconds);
    long[] instants = new long[10_000];
    for (int i = 0; i < instants.length; i++) {
      long millis = from + (long) (random.nextDouble() * (to - from));
      if (i % 3 == 0) {
        millis -= Math.floorMod(millis, windowSeconds * 1000L) + (i % 2);
      }
      instants[i] = millis;
    }
    return instants;
  }

  @Test
  public void sinceTheEpochTheGroupIsTheStartOfBeamsFixedWindow() {
    for (int windowSeconds : WINDOW_SECONDS) {
      MinuteTraffic analysis = new MinuteTraffic(windowSeconds);
      FixedWindows beam = FixedWindows.of(Duration.standardSeconds(windowSeconds));
      for (long millis : instants(windowSeconds, windowSeconds * 1000L, 4_102_444_800_000L)) {
        assertEquals(
            "at " + millis,
            beam.assignWindow(new Instant(millis)).start().getMillis(),
            (long) analysis.groupOf(new Event("u", millis, 1)));
      }
    }
  }

  @Test
  public void everyEventLiesInsideItsWindowBeforeTheEpochToo() {
    for (int windowSeconds : WINDOW_SECONDS) {
      MinuteTraffic analysis = new MinuteTraffic(windowSeconds);
      long size = windowSeconds * 1000L;
      for (long millis : instants(windowSeconds, -2_208_988_800_000L, 4_102_444_800_000L)) {
        long start = analysis.groupOf(new Event("u", millis, 1));
        assertTrue("at " + millis, start <= millis && millis < start + size);
        assertEquals("aligned at " + millis, 0, Math.floorMod(start, size));
      }
    }
  }
}

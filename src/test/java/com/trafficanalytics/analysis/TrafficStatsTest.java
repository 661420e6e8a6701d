package com.trafficanalytics.analysis;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

/** {@link TrafficStats#plus} adds two groups' figures into a new one and leaves both alone. */
public class TrafficStatsTest {

  @Test
  public void plusSumsCountsAndBytesKeepsTheExtremesAndChangesNeither() {
    TrafficStats a = TrafficStats.of(2, 300, 200, 100);
    TrafficStats b = TrafficStats.of(3, 60, 40, 5);
    // 2 + 3 pageviews, 300 + 60 bytes, the larger largest and the smaller smallest.
    assertEquals(TrafficStats.of(5, 360, 200, 5), a.plus(b));
    assertEquals(TrafficStats.of(2, 300, 200, 100), a);
    assertEquals(TrafficStats.of(3, 60, 40, 5), b);
  }

  @Test
  public void plusRefusesASumPastALong() {
    TrafficStats full = TrafficStats.of(1, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
    assertThrows(ArithmeticException.class, () -> full.plus(TrafficStats.ofEvent(1)));
  }
}

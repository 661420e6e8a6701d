package com.trafficanalytics.analysis;

import static org.junit.Assert.assertSame;

import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.Test;

/** {@link TrafficStats} carries its coder: any pipeline finds it without a {@code setCoder}. */
public class TrafficStatsCoderTest {
  @Test
  public void theRegistryFindsTheCoderFromTheType() throws Exception {
    assertSame(TrafficStatsCoder.of(), CoderRegistry.createDefault().getCoder(TrafficStats.class));
  }

  @Test
  public void figuresSurviveEncodingIncludingTheExtremes() throws Exception {
    for (TrafficStats stats :
        new TrafficStats[] {
          TrafficStats.ofEvent(0),
          TrafficStats.of(3, 1500, 1200, 0),
          TrafficStats.of(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE)
        }) {
      CoderProperties.coderDecodeEncodeEqual(TrafficStatsCoder.of(), stats);
    }
    CoderProperties.coderDeterministic(
        TrafficStatsCoder.of(), TrafficStats.of(1, 2, 3, 4), TrafficStats.of(1, 2, 3, 4));
  }
}

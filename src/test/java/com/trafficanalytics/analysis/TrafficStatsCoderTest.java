package com.trafficanalytics.analysis;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertSame;

import com.trafficanalytics.coders.Encodings;
import com.trafficanalytics.coders.FieldsCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;

/** {@link TrafficStats} carries its coder: any pipeline finds it without a {@code setCoder}. */
public class TrafficStatsCoderTest {
  private static final Coder<TrafficStats> CODER = FieldsCoder.of(TrafficStats.class);

  @Test
  public void theRegistryFindsTheCoderFromTheType() throws Exception {
    assertSame(CODER, CoderRegistry.createDefault().getCoder(TrafficStats.class));
  }

  @Test
  public void figuresSurviveEncodingIncludingTheExtremes() throws Exception {
    for (TrafficStats stats :
        new TrafficStats[] {
          TrafficStats.ofEvent(0),
          TrafficStats.of(3, 1500, 1200, 0),
          TrafficStats.of(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE)
        }) {
      CoderProperties.coderDecodeEncodeEqual(CODER, stats);
    }
    CoderProperties.coderDeterministic(
        CODER, TrafficStats.of(1, 2, 3, 4), TrafficStats.of(1, 2, 3, 4));
  }

  @Test
  public void theBytesAreTheFourFiguresAsVariableLengthLongs() throws Exception {
    VarLongCoder varLong = VarLongCoder.of();
    assertArrayEquals(
        Encodings.of()
            .then(varLong, 3L)
            .then(varLong, 1500L)
            .then(varLong, 1200L)
            .then(varLong, 0L)
            .bytes(),
        CoderUtils.encodeToByteArray(CODER, TrafficStats.of(3, 1500, 1200, 0)));
  }
}

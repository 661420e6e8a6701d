package com.trafficanalytics.read;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.Test;

/** {@link LineCounts} carries its coder, and adds up as a combine expects. */
public class LineCountsCoderTest {
  @Test
  public void theRegistryFindsTheCoderFromTheType() throws Exception {
    assertSame(LineCounts.Coder.of(), CoderRegistry.createDefault().getCoder(LineCounts.class));
  }

  @Test
  public void countsSurviveEncodingIncludingTheExtremes() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(LineCounts.Coder.of(), LineCounts.ZERO);
    CoderProperties.coderDecodeEncodeEqual(LineCounts.Coder.of(), new LineCounts(10, 6, 1, 3, 2));
    CoderProperties.coderDecodeEncodeEqual(
        LineCounts.Coder.of(),
        new LineCounts(Long.MAX_VALUE, Long.MAX_VALUE - 2, 1, 1, Long.MAX_VALUE));
  }

  @Test
  public void theSumOfNoCountsIsZeroAndOfSomeIsTheirTotal() {
    LineCounts.Sum sum = new LineCounts.Sum();
    assertEquals(LineCounts.ZERO, sum.identity());
    assertEquals(
        new LineCounts(7, 4, 1, 2, 1),
        sum.apply(new LineCounts(3, 2, 0, 1, 0), new LineCounts(4, 2, 1, 1, 1)));
  }
}

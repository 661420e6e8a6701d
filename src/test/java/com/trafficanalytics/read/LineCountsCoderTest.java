package com.trafficanalytics.read;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import com.trafficanalytics.coders.Encodings;
import com.trafficanalytics.coders.FieldsCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;

/** {@link LineCounts} carries its coder, and adds up as a combine expects. */
public class LineCountsCoderTest {
  private static final Coder<LineCounts> CODER = FieldsCoder.of(LineCounts.class);

  @Test
  public void theRegistryFindsTheCoderFromTheType() throws Exception {
    assertSame(CODER, CoderRegistry.createDefault().getCoder(LineCounts.class));
  }

  @Test
  public void countsSurviveEncodingIncludingTheExtremes() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(CODER, LineCounts.ZERO);
    CoderProperties.coderDecodeEncodeEqual(CODER, new LineCounts(10, 6, 1, 3, 2));
    CoderProperties.coderDecodeEncodeEqual(
        CODER,
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

  @Test
  public void theBytesAreTheCountsAsVariableLengthLongs() throws Exception {
    VarLongCoder varLong = VarLongCoder.of();
    assertArrayEquals(
        Encodings.of()
            .then(varLong, 10L)
            .then(varLong, 6L)
            .then(varLong, 1L)
            .then(varLong, 3L)
            .then(varLong, 2L)
            .bytes(),
        CoderUtils.encodeToByteArray(CODER, new LineCounts(10, 6, 1, 3, 2)));
  }
}

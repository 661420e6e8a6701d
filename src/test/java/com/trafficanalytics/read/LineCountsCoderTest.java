package com.trafficanalytics.read;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import com.trafficanalytics.coders.Encodings;
import com.trafficanalytics.coders.FieldsCoder;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;

/** {@link LineCounts} carries its coder, and adds up (span included) as a combine expects. */
public class LineCountsCoderTest {
  private static final Coder<LineCounts> CODER = FieldsCoder.of(LineCounts.class);

  @Test
  public void theRegistryFindsTheCoderFromTheType() throws Exception {
    assertSame(CODER, CoderRegistry.createDefault().getCoder(LineCounts.class));
  }

  @Test
  public void countsSurviveEncodingIncludingTheExtremes() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(CODER, LineCounts.ZERO);
    CoderProperties.coderDecodeEncodeEqual(CODER, new LineCounts(10, 6, 1, 3, 2, -5L, 9L));
    CoderProperties.coderDecodeEncodeEqual(
        CODER,
        new LineCounts(
            Long.MAX_VALUE, Long.MAX_VALUE - 2, 1, 1, Long.MAX_VALUE, Long.MIN_VALUE,
            Long.MAX_VALUE));
  }

  @Test
  public void theBytesAreTheCountsAsVariableLengthLongsThenTheSpanBehindPresenceBytes()
      throws Exception {
    VarLongCoder varLong = VarLongCoder.of();
    NullableCoder<Long> optionalVarLong = NullableCoder.of(varLong);
    assertArrayEquals(
        Encodings.of()
            .then(varLong, 10L)
            .then(varLong, 6L)
            .then(varLong, 1L)
            .then(varLong, 3L)
            .then(varLong, 2L)
            .then(optionalVarLong, 1_700_000_000_000L)
            .then(optionalVarLong, 1_700_000_060_000L)
            .bytes(),
        CoderUtils.encodeToByteArray(
            CODER, new LineCounts(10, 6, 1, 3, 2, 1_700_000_000_000L, 1_700_000_060_000L)));
    assertArrayEquals(
        Encodings.of()
            .then(varLong, 1L)
            .then(varLong, 0L)
            .then(varLong, 1L)
            .then(varLong, 0L)
            .then(varLong, 0L)
            .then(optionalVarLong, null)
            .then(optionalVarLong, null)
            .bytes(),
        CoderUtils.encodeToByteArray(CODER, new LineCounts(1, 0, 1, 0, 0, null, null)));
  }

  @Test
  public void theSumOfNoCountsIsZeroWithoutASpanAndOfSomeIsTheirTotalAndWidestSpan() {
    LineCounts.Sum sum = new LineCounts.Sum();
    assertEquals(LineCounts.ZERO, sum.identity());
    assertFalse(LineCounts.ZERO.hasSpan());
    assertEquals(
        new LineCounts(7, 4, 1, 2, 1, 100L, 900L),
        sum.apply(
            new LineCounts(3, 2, 0, 1, 0, 100L, 500L), new LineCounts(4, 2, 1, 1, 1, 200L, 900L)));
    // Parts without events (only blank or rejected lines) leave the span as it is.
    LineCounts noEvents = new LineCounts(5, 0, 2, 3, 0, null, null);
    LineCounts some = new LineCounts(1, 1, 0, 0, 0, 300L, 300L);
    assertEquals(new LineCounts(6, 1, 2, 3, 0, 300L, 300L), sum.apply(noEvents, some));
    assertEquals(sum.apply(noEvents, some), sum.apply(some, noEvents));
    assertEquals(noEvents, sum.apply(LineCounts.ZERO, noEvents));
  }

  @Test
  public void addingUpIsAssociativeSoAnySplitOfTheInputGivesTheSameTotal() {
    List<LineCounts> parts =
        List.of(
            new LineCounts(2, 1, 1, 0, 0, 50L, 50L),
            new LineCounts(3, 0, 0, 3, 1, null, null),
            new LineCounts(4, 4, 0, 0, 0, -10L, 40L),
            new LineCounts(1, 1, 0, 0, 0, 70L, 70L));
    for (int a = 0; a < parts.size(); a++) {
      for (int b = 0; b < parts.size(); b++) {
        for (int c = 0; c < parts.size(); c++) {
          LineCounts x = parts.get(a);
          LineCounts y = parts.get(b);
          LineCounts z = parts.get(c);
          assertEquals(x.plus(y).plus(z), x.plus(y.plus(z)));
          assertEquals(x.plus(y), y.plus(x));
        }
      }
    }
    assertEquals(
        new LineCounts(10, 6, 1, 3, 1, -10L, 70L),
        parts.stream().reduce(LineCounts.ZERO, LineCounts::plus));
  }

  @Test
  public void aSpanIsBothTimesOrNeither() {
    assertThrows(IllegalArgumentException.class, () -> new LineCounts(1, 1, 0, 0, 0, 5L, null));
  }
}

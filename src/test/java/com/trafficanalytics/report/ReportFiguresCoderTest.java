package com.trafficanalytics.report;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import com.trafficanalytics.analysis.TrafficStats;
import com.trafficanalytics.coders.FieldsCoder;
import com.trafficanalytics.read.LineCounts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;

/**
 * The report's figures carry coders that compare values by their bytes: what Beam's {@code
 * Coder#structuralValue} contract asks (equal encodings, equal structural values), which Java
 * serialization broke for these types (no {@code equals}, or a record of arrays), so that the
 * DirectRunner warned at every step.
 */
public class ReportFiguresCoderTest {
  @Test
  public void everyTypeOfTheReportFindsItsCoderFromTheType() throws Exception {
    CoderRegistry registry = CoderRegistry.createDefault();
    for (Class<?> type :
        List.of(
            ReportFigures.class,
            ReportFigures.UserRank.class,
            UserSpread.class,
            TimeSeries.class,
            TimeSeries.Accumulator.class)) {
      assertSame(FieldsCoder.of(type), registry.getCoder(type));
    }
  }

  @Test
  public void fullFiguresSurviveEncodingAndCompareEqualByStructure() throws Exception {
    Coder<ReportFigures> coder = FieldsCoder.of(ReportFigures.class);
    ReportFigures figures = fullFigures();
    CoderProperties.structuralValueDecodeEncodeEqual(coder, figures);
    CoderProperties.structuralValueDecodeEncodeEqual(coder, new ReportFigures());

    ReportFigures back = CoderUtils.clone(coder, figures);
    assertEquals(figures.totals, back.totals);
    assertEquals(figures.filesRead, back.filesRead);
    assertEquals(figures.topByPageviews, back.topByPageviews);
    assertEquals(figures.topByBytes, back.topByBytes);
    assertEquals(figures.rejectedPerReason, back.rejectedPerReason);
    assertEquals(figures.examplesPerReason, back.examplesPerReason);
    assertEquals(figures.spread.users, back.spread.users);
    assertArrayEquals(figures.spread.usersPerBucket, back.spread.usersPerBucket);
    assertArrayEquals(figures.series.starts(), back.series.starts());
    assertArrayEquals(figures.series.pageviews(), back.series.pageviews());
    assertEquals(figures.series.windows(), back.series.windows());
    // Decoded maps are the value's own: merging more figures into them works.
    back.rejectedPerReason.merge("invalid_json", 1L, Long::sum);
    new ReportFigures().rejectedPerReason.put("x", 1L);
    CoderUtils.clone(coder, new ReportFigures()).rejectedPerReason.put("x", 1L);
  }

  @Test
  public void theCombinesAccumulatorsSurviveEncodingAndCompareEqualByStructure() throws Exception {
    Combine.CombineFn<KV<Integer, Map<Long, TrafficStats>>, TimeSeries.Accumulator, TimeSeries>
        series = TimeSeries.fromMinuteFigures(60_000);
    TimeSeries.Accumulator accumulator = series.createAccumulator();
    CoderProperties.structuralValueDecodeEncodeEqual(
        FieldsCoder.of(TimeSeries.Accumulator.class), accumulator);
    for (String minute : List.of("2024-03-01T10:00:00Z", "2024-03-01T10:05:00Z")) {
      series.addInput(
          accumulator,
          KV.of(0, Map.of(Instant.parse(minute).toEpochMilli(), TrafficStats.of(2, 0, 0, 0))));
    }
    TimeSeries.Accumulator back =
        CoderUtils.clone(FieldsCoder.of(TimeSeries.Accumulator.class), accumulator);
    assertEquals(accumulator.buckets, back.buckets);
    assertEquals(accumulator.bucketMillis, back.bucketMillis);
    assertEquals(
        series.extractOutput(accumulator).toString().replaceAll("@[0-9a-f]+", ""),
        series.extractOutput(back).toString().replaceAll("@[0-9a-f]+", ""));
    CoderProperties.structuralValueDecodeEncodeEqual(
        FieldsCoder.of(TimeSeries.class), series.extractOutput(back));

    Combine.CombineFn<ReportFigures.UserRank, UserSpread, UserSpread> spread = UserSpread.ofUsers();
    UserSpread users = spread.createAccumulator();
    spread.addInput(users, new ReportFigures.UserRank("", 5, 900));
    CoderProperties.structuralValueDecodeEncodeEqual(FieldsCoder.of(UserSpread.class), users);
  }

  private static ReportFigures fullFigures() {
    ReportFigures figures = new ReportFigures();
    figures.totals = new LineCounts(10, 7, 1, 2, 0, 1_000L, 181_000L);
    figures.filesRead = 3L;
    figures.topByPageviews = List.of(new ReportFigures.UserRank("alice", 5, 900));
    figures.topByBytes = List.of(new ReportFigures.UserRank("", 1, 2));
    UserSpread spread = new UserSpread();
    spread.users = 2;
    spread.usersPerBucket[2] = 1;
    figures.spread = spread;
    figures.series =
        new TimeSeries(60_000, 120_000, new long[] {0, 120_000}, new long[] {4, 1}, 3);
    figures.rejectedPerReason.put("invalid_json", 2L);
    figures.examplesPerReason.put(
        "invalid_json", List.of(new RejectedLine("invalid_json", null, -1, "{", "not JSON")));
    return figures;
  }
}

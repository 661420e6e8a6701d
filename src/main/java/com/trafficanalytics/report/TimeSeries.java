package com.trafficanalytics.report;

import com.trafficanalytics.analysis.TrafficStats;
import com.trafficanalytics.coders.FieldsCoder;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.values.KV;

/**
 * Pageviews over time for the report's chart, with at most {@link #MAX_POINTS} points whatever the
 * input's span: past that, windows are added up into coarser buckets (the {@code minute_traffic}
 * output itself keeps every window). A bucket is always a whole number of windows and each
 * coarser width a multiple of the finer one, so the sums are exact; the width chosen is the finest
 * of {@link #nextWidth}'s ladder that fits, whatever the order in which windows arrive. Coded by
 * {@link FieldsCoder}, like its accumulator, so that Beam compares series by their bytes (a
 * record's equals compares arrays by identity). Serializable besides, as a global combine's result
 * must be: Beam keeps its value for an empty input inside a serialized DoFn.
 *
 * @param windowMillis the width of one window
 * @param bucketMillis the width of one point: {@code windowMillis} or a multiple of it
 * @param starts the start of each point's bucket, epoch milliseconds, ascending
 * @param pageviews the pageviews of each point
 * @param windows how many windows had events
 */
@DefaultCoder(FieldsCoder.class)
record TimeSeries(
    long windowMillis,
    long bucketMillis,
    long[] starts,
    long[] pageviews,
    long windows)
    implements Serializable {
  private static final long serialVersionUID = 2L;

  /** A chart stays readable, and the report small, up to a few thousand points. */
  static final int MAX_POINTS = 3000;

  /** Bucket widths a reader takes in at a glance; each step is used only where it divides. */
  private static final long[] READABLE_WIDTHS = {
    60_000L, 120_000L, 300_000L, 600_000L, 900_000L, 1_800_000L, 3_600_000L, 7_200_000L,
    10_800_000L, 21_600_000L, 43_200_000L, 86_400_000L, 172_800_000L, 604_800_000L
  };

  /**
   * The next coarser bucket width after {@code width}: the smallest readable width that is a
   * multiple of it, else twice it.
   */
  static long nextWidth(long width) {
    for (long readable : READABLE_WIDTHS) {
      if (readable > width && readable % width == 0) {
        return readable;
      }
    }
    return Math.multiplyExact(width, 2);
  }

  /**
   * The combine that builds the series from the merged {@code minute_traffic} figures: per merge
   * key, each window's start (epoch milliseconds) and figures.
   */
  static Combine.CombineFn<KV<Integer, Map<Long, TrafficStats>>, Accumulator, TimeSeries>
      fromMinuteFigures(long windowMillis) {
    return new Fn(windowMillis);
  }

  /** Buckets so far; never more than {@link #MAX_POINTS} of them between calls. */
  @DefaultCoder(FieldsCoder.class)
  static final class Accumulator {
    long bucketMillis;
    final TreeMap<Long, Long> buckets = new TreeMap<>();
    long windows;

    Accumulator(long bucketMillis) {
      this.bucketMillis = bucketMillis;
    }

    /** For {@link FieldsCoder}, which sets the fields it reads back. */
    private Accumulator() {}

    void add(long start, long pageviews) {
      buckets.merge(Math.floorDiv(start, bucketMillis) * bucketMillis, pageviews, Long::sum);
    }

    void coarsenTo(long width) {
      if (width == bucketMillis) {
        return;
      }
      Map<Long, Long> finer = new TreeMap<>(buckets);
      buckets.clear();
      bucketMillis = width;
      finer.forEach(this::add);
    }
  }

  private static final class Fn
      extends Combine.CombineFn<KV<Integer, Map<Long, TrafficStats>>, Accumulator, TimeSeries> {
    private final long windowMillis;

    Fn(long windowMillis) {
      this.windowMillis = windowMillis;
    }

    @Override
    public Accumulator createAccumulator() {
      return new Accumulator(windowMillis);
    }

    @Override
    public Accumulator addInput(
        Accumulator series, KV<Integer, Map<Long, TrafficStats>> windowsOfOneKey) {
      for (Map.Entry<Long, TrafficStats> window : windowsOfOneKey.getValue().entrySet()) {
        series.windows++;
        series.add(window.getKey(), window.getValue().pageviews());
        fit(series);
      }
      return series;
    }

    @Override
    public Accumulator mergeAccumulators(Iterable<Accumulator> accumulators) {
      long width = windowMillis;
      for (Accumulator accumulator : accumulators) {
        width = Math.max(width, accumulator.bucketMillis);
      }
      Accumulator merged = new Accumulator(width);
      for (Accumulator accumulator : accumulators) {
        Accumulator copy = new Accumulator(accumulator.bucketMillis);
        copy.buckets.putAll(accumulator.buckets);
        copy.coarsenTo(width);
        copy.buckets.forEach(merged::add);
        merged.windows += accumulator.windows;
        fit(merged);
      }
      return merged;
    }

    private void fit(Accumulator series) {
      while (series.buckets.size() > MAX_POINTS) {
        series.coarsenTo(nextWidth(series.bucketMillis));
      }
    }

    @Override
    public TimeSeries extractOutput(Accumulator series) {
      long[] starts = new long[series.buckets.size()];
      long[] pageviews = new long[starts.length];
      int i = 0;
      for (Map.Entry<Long, Long> bucket : series.buckets.entrySet()) {
        starts[i] = bucket.getKey();
        pageviews[i++] = bucket.getValue();
      }
      return new TimeSeries(
          windowMillis, series.bucketMillis, starts, pageviews, series.windows);
    }
  }
}

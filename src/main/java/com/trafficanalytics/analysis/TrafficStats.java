package com.trafficanalytics.analysis;

import com.trafficanalytics.coders.FieldsCoder;
import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * The traffic figures of one group of events (one user, or one window): the arithmetic that every
 * analysis and every path through the pipeline shares.
 *
 * <p>Mutable on purpose: it is filled one event at a time on the hot path and merged into another
 * instance after the shuffle, so both operations must not allocate. An instance is never empty; it
 * is created with its first event.
 *
 * <p>Coded as its four figures, variable-length longs, by {@link FieldsCoder}.
 */
@DefaultCoder(FieldsCoder.class)
public final class TrafficStats {
  private long pageviews;
  private long totalBytes;
  private long maxBytes;
  private long minBytes;

  /** For {@link FieldsCoder}, which sets the fields it reads back. */
  private TrafficStats() {}

  private TrafficStats(long pageviews, long totalBytes, long maxBytes, long minBytes) {
    this.pageviews = pageviews;
    this.totalBytes = totalBytes;
    this.maxBytes = maxBytes;
    this.minBytes = minBytes;
  }

  /** The figures of a single event of {@code numBytes} bytes. */
  public static TrafficStats ofEvent(long numBytes) {
    return new TrafficStats(1, numBytes, numBytes, numBytes);
  }

  /** Rebuilds figures from their four values, as a coder or a test does. */
  public static TrafficStats of(long pageviews, long totalBytes, long maxBytes, long minBytes) {
    return new TrafficStats(pageviews, totalBytes, maxBytes, minBytes);
  }

  /**
   * Counts one more event of {@code numBytes} bytes.
   *
   * @throws ArithmeticException when the total passes INT64 (it never wraps around)
   */
  public void add(long numBytes) {
    pageviews++;
    totalBytes = Math.addExact(totalBytes, numBytes);
    maxBytes = Math.max(maxBytes, numBytes);
    minBytes = Math.min(minBytes, numBytes);
  }

  /**
   * Folds {@code other} into these figures, as if its events had been added here.
   *
   * @throws ArithmeticException when a sum passes INT64 (it never wraps around)
   */
  public void merge(TrafficStats other) {
    pageviews = Math.addExact(pageviews, other.pageviews);
    totalBytes = Math.addExact(totalBytes, other.totalBytes);
    maxBytes = Math.max(maxBytes, other.maxBytes);
    minBytes = Math.min(minBytes, other.minBytes);
  }

  /**
   * The figures of this group and {@code other} together, as a new {@code TrafficStats}; neither
   * is changed.
   *
   * @throws ArithmeticException when a sum overflows a long
   */
  public TrafficStats plus(TrafficStats other) {
    TrafficStats sum = copy();
    sum.merge(other);
    return sum;
  }

  /** An independent copy, so that merging into it never changes the original. */
  public TrafficStats copy() {
    return new TrafficStats(pageviews, totalBytes, maxBytes, minBytes);
  }

  public long pageviews() {
    return pageviews;
  }

  public long totalBytes() {
    return totalBytes;
  }

  public long maxBytes() {
    return maxBytes;
  }

  public long minBytes() {
    return minBytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrafficStats other
        && pageviews == other.pageviews
        && totalBytes == other.totalBytes
        && maxBytes == other.maxBytes
        && minBytes == other.minBytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(pageviews, totalBytes, maxBytes, minBytes);
  }

  @Override
  public String toString() {
    return "TrafficStats{pageviews=" + pageviews + ", totalBytes=" + totalBytes
        + ", maxBytes=" + maxBytes + ", minBytes=" + minBytes + "}";
  }
}

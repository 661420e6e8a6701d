package com.trafficanalytics.analysis;

import java.io.Serializable;

/**
 * How the partial figures of an analysis are keyed for the shuffle into its merge: each group
 * belongs to one of {@link #keys()} hash keys, and no element that crosses the shuffle holds more
 * than {@link #maxGroupsPerElement()} groups (a key with more groups in one part of the input
 * sends several elements).
 *
 * <p>The number of keys is chosen once, where the pipeline is built, from the input's size: a
 * file of {@code b} bytes holds at most {@code b / }{@value #MIN_EVENT_BYTES} events, so at most as
 * many groups; the keys are enough for that many groups to average half of {@link
 * #MAX_GROUPS_PER_ELEMENT} per key. A merge's accumulator (the groups of one key) therefore stays
 * below the bound whatever the number of users or windows (exceeding twice the mean of a hash
 * bucket of thousands is a Chernoff tail below 10^-800), and the merge's parallelism on Dataflow
 * grows with the input. Real inputs have far fewer groups than events, so real accumulators are
 * far smaller. See {@code docs/scale.md}.
 */
public final class KeySpace implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The bound: the most groups one element crossing a shuffle may hold, and twice the most groups
   * a key averages. 10,000 user groups encode to 0.29 MB (29 bytes each, measured) and take about 1.5 MB of heap as a map: far
   * below what a worker or a shuffle element can hold, and large enough that a chunk of 16 MiB
   * (about 50,000 events) sends few elements per key.
   */
  public static final int MAX_GROUPS_PER_ELEMENT = 10_000;

  /**
   * The smallest line that is an event, with its line end: {@code
   * {"user_id":1,"timestamp":"2026-03-05 21:49:42","num_bytes":0}} is 62 bytes; the margin covers
   * shorter spellings that may yet be valid.
   */
  static final long MIN_EVENT_BYTES = 48;

  /** The fewest keys: small inputs keep the spread the merge always had. */
  static final int MIN_KEYS = 16;

  private final int keys;
  private final int maxGroupsPerElement;

  private KeySpace(int keys, int maxGroupsPerElement) {
    if (keys < 1 || maxGroupsPerElement < 1) {
      throw new IllegalArgumentException(
          "keys and maxGroupsPerElement must be positive, got " + keys + ", " + maxGroupsPerElement);
    }
    this.keys = keys;
    this.maxGroupsPerElement = maxGroupsPerElement;
  }

  /**
   * The key space for an input of at most {@code eventBytes} bytes of lines (uncompressed), with
   * the bound {@link #MAX_GROUPS_PER_ELEMENT}.
   */
  public static KeySpace forInputBytes(long eventBytes) {
    return forInputBytes(eventBytes, MAX_GROUPS_PER_ELEMENT);
  }

  /** The same with another bound, as tests use to see the rule at work on small inputs. */
  public static KeySpace forInputBytes(long eventBytes, int maxGroupsPerElement) {
    long groups = Math.max(0, eventBytes) / MIN_EVENT_BYTES + 1;
    long perKey = Math.max(1, maxGroupsPerElement / 2);
    long keys = (groups + perKey - 1) / perKey;
    return new KeySpace(
        (int) Math.min(Integer.MAX_VALUE, Math.max(MIN_KEYS, keys)), maxGroupsPerElement);
  }

  /**
   * The key space for a runner that is one process, the DirectRunner: one key per thread that runs
   * the merge ({@code threads}, the runner's parallelism), and elements still of at most {@link
   * #MAX_GROUPS_PER_ELEMENT} groups. Keys that grow with the input buy parallelism across workers,
   * which one process does not have, and each key costs the DirectRunner a bundle through every
   * later step (with its DoFns translated and serialized again per bundle): on 1M events, 1,330
   * sized keys made a run 4x slower than 16, and 16 keys cost the 5,000-event sample a third more
   * CPU than 2 (see docs/scale.md and docs/profile.md).
   */
  public static KeySpace forOneProcess(int threads) {
    return new KeySpace(Math.max(1, threads), MAX_GROUPS_PER_ELEMENT);
  }

  /** A key space of exactly {@code keys} keys and elements of at most this many groups. */
  public static KeySpace of(int keys, int maxGroupsPerElement) {
    return new KeySpace(keys, maxGroupsPerElement);
  }

  /** How many keys the merge of one analysis works on. */
  public int keys() {
    return keys;
  }

  /** The most groups in one element crossing the shuffle. */
  public int maxGroupsPerElement() {
    return maxGroupsPerElement;
  }

  /**
   * The key of a group: stable across workers and runs (it depends only on the group's {@code
   * hashCode}, which for strings and longs Java specifies), spread by a finalizer so that similar
   * ids and consecutive windows do not crowd into neighbouring keys.
   */
  public int keyOf(Object group) {
    int h = group.hashCode();
    // MurmurHash3's 32-bit finalizer.
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return Math.floorMod(h, keys);
  }

  @Override
  public String toString() {
    return keys + " keys, at most " + maxGroupsPerElement + " groups per element";
  }
}

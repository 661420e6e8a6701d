package com.trafficanalytics.analysis;

import com.trafficanalytics.events.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.values.KV;

/**
 * The figures of one analysis over a part of the input (one file range), keyed by group, before
 * they are merged with the other parts.
 *
 * <p>Pre-aggregating here is what keeps the pipeline fast: the shuffle carries one entry per group
 * and range instead of one element per event, so a user with half of all events (a bot) still
 * sends one entry per range. The entries leave in batches keyed by their {@link KeySpace} key
 * rather than one element per group, because a runner pays per element and per key after a
 * shuffle (the DirectRunner heavily); no batch holds more than the key space's bound. The batches
 * are {@link PackedFigures}, a few bytes per group.
 *
 * @param <K> the analysis' group key
 */
public final class PartialTraffic<K> {
  private final TrafficAnalysis<K> analysis;
  private final boolean countsBytes;
  private final Coder<K> keyCoder;
  private final Map<K, TrafficStats> byGroup = new HashMap<>();

  /** Starts empty figures for {@code analysis}. */
  public PartialTraffic(TrafficAnalysis<K> analysis) {
    this.analysis = analysis;
    this.countsBytes = analysis.countsBytes();
    this.keyCoder = analysis.keyCoder();
  }

  /**
   * Counts one event in its group.
   *
   * @throws TrafficOverflowException when the group's total bytes pass INT64
   */
  public void add(Event event) {
    K group = analysis.groupOf(event);
    // An analysis that outputs no byte figures never sums them, so they cannot overflow there.
    long bytes = countsBytes ? event.numBytes() : 0;
    TrafficStats stats = byGroup.get(group);
    if (stats == null) {
      byGroup.put(group, TrafficStats.ofEvent(bytes));
    } else {
      try {
        stats.add(bytes);
      } catch (ArithmeticException e) {
        throw new TrafficOverflowException(analysis, group);
      }
    }
  }

  /**
   * The figures so far, in elements for the shuffle: packed by their key in {@code keySpace}, each
   * holding at most {@link KeySpace#maxGroupsPerElement()} groups.
   */
  public List<KV<Integer, PackedFigures<K>>> batches(KeySpace keySpace) {
    int bound = keySpace.maxGroupsPerElement();
    Map<Integer, PackedFigures.Builder<K>> open = new HashMap<>();
    List<KV<Integer, PackedFigures<K>>> out = new ArrayList<>();
    byGroup.forEach(
        (group, stats) -> {
          Integer key = keySpace.keyOf(group);
          PackedFigures.Builder<K> batch =
              open.computeIfAbsent(key, k -> PackedFigures.builder(keyCoder));
          batch.add(group, stats);
          if (batch.groups() == bound) {
            out.add(KV.of(key, batch.build()));
            open.remove(key);
          }
        });
    open.forEach((key, batch) -> out.add(KV.of(key, batch.build())));
    return out;
  }

  /** How many groups have figures so far. */
  public int groups() {
    return byGroup.size();
  }

  /** Forgets the figures so far, to start the next part of the input. */
  public void clear() {
    byGroup.clear();
  }
}

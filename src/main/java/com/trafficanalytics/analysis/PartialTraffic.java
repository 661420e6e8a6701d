package com.trafficanalytics.analysis;

import com.trafficanalytics.events.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.KV;

/**
 * The figures of one analysis over a part of the input (one file range), keyed by group, before
 * they are merged with the other parts.
 *
 * <p>Pre-aggregating here is what keeps the pipeline fast: the shuffle carries one entry per group
 * and range instead of one element per event. The entries leave as {@link #SHARDS} maps keyed by a
 * shard number rather than one element per group, because a runner pays per key after a shuffle
 * (the DirectRunner heavily); a shard's map is small enough for one worker and the shards still
 * spread over workers on Dataflow.
 *
 * @param <K> the analysis' group key
 */
public final class PartialTraffic<K> {
  /** How many maps the partial figures of one range are split into for the shuffle. */
  public static final int SHARDS = 16;

  private final TrafficAnalysis<K> analysis;
  private final Map<K, TrafficStats> byGroup = new HashMap<>();

  /** Starts empty figures for {@code analysis}. */
  public PartialTraffic(TrafficAnalysis<K> analysis) {
    this.analysis = analysis;
  }

  /** Counts one event in its group. */
  public void add(Event event) {
    K group = analysis.groupOf(event);
    TrafficStats stats = byGroup.get(group);
    if (stats == null) {
      byGroup.put(group, TrafficStats.ofEvent(event.numBytes()));
    } else {
      stats.add(event.numBytes());
    }
  }

  /** The shard a group's figures are merged in: stable across workers and runs. */
  public static int shardOf(Object group) {
    return Math.floorMod(group.hashCode(), SHARDS);
  }

  /** The figures so far, split into non-empty shard maps; the figures are not copied. */
  public List<KV<Integer, Map<K, TrafficStats>>> shards() {
    List<Map<K, TrafficStats>> maps = new ArrayList<>(SHARDS);
    for (int i = 0; i < SHARDS; i++) {
      maps.add(new HashMap<>());
    }
    byGroup.forEach((group, stats) -> maps.get(shardOf(group)).put(group, stats));
    List<KV<Integer, Map<K, TrafficStats>>> out = new ArrayList<>();
    for (int i = 0; i < SHARDS; i++) {
      if (!maps.get(i).isEmpty()) {
        out.add(KV.of(i, maps.get(i)));
      }
    }
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

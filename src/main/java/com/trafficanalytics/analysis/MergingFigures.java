package com.trafficanalytics.analysis;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DelegateCoder;

/**
 * The accumulator of {@link MergePartialTraffic}: one merge key's figures per group, open as a map
 * while partials are merged into it, packed ({@link PackedFigures}) while it waits between steps.
 *
 * <p>A runner compacts an accumulator ({@code CombineFn.compact}) before it holds or ships it: the
 * DirectRunner keeps the accumulator of every bundle of the read until the merge, and copies them
 * through their coder each time a new bundle reaches the key; Dataflow writes the lifted
 * combine's accumulators to its shuffle. Packed, an accumulator is a few bytes per group and a copy
 * is an array copy; open again, its groups are unpacked once.
 *
 * @param <K> the analysis' group key
 */
final class MergingFigures<K> {
  private Map<K, TrafficStats> open;
  private PackedFigures<K> packed;

  private MergingFigures(Map<K, TrafficStats> open, PackedFigures<K> packed) {
    this.open = open;
    this.packed = packed;
  }

  /** No figures yet, open. */
  static <K> MergingFigures<K> empty() {
    return new MergingFigures<>(new HashMap<>(), null);
  }

  /** How many groups these figures hold. */
  int groups() {
    return open != null ? open.size() : packed.groups();
  }

  /**
   * The figures as a map that merging may change, unpacking them first if they are packed. The
   * map is this accumulator's own.
   */
  Map<K, TrafficStats> open() {
    if (open == null) {
      open = packed.toMap();
      packed = null;
    }
    return open;
  }

  /** Each group's figures, without unpacking them into a map. */
  void forEach(BiConsumer<? super K, ? super TrafficStats> action) {
    if (open != null) {
      open.forEach(action);
    } else {
      packed.forEach(action);
    }
  }

  /** The same figures, packed; this accumulator must not be used after it. */
  MergingFigures<K> compact(Coder<K> keyCoder) {
    return packed != null ? this : new MergingFigures<>(null, pack(keyCoder));
  }

  private PackedFigures<K> pack(Coder<K> keyCoder) {
    return packed != null ? packed : PackedFigures.of(keyCoder, open);
  }

  /**
   * The coder of the accumulator: the figures packed, whether they are open or not (Beam's {@code
   * DelegateCoder} over {@link PackedFiguresCoder}), read back packed, so that a copy unpacks
   * nothing.
   */
  static <K> Coder<MergingFigures<K>> coder(Coder<K> keyCoder) {
    return DelegateCoder.of(
        PackedFigures.coder(keyCoder),
        figures -> figures.pack(keyCoder),
        packed -> new MergingFigures<>(null, packed));
  }
}

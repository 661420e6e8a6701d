package com.trafficanalytics.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StructuredCoder;

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
      Map<K, TrafficStats> groups =
          new HashMap<>((int) Math.min(Integer.MAX_VALUE, packed.groups() * 4L / 3 + 1));
      packed.forEach(groups::put);
      open = groups;
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
    if (packed != null) {
      return packed;
    }
    PackedFigures.Builder<K> figures = PackedFigures.builder(keyCoder);
    open.forEach(figures::add);
    return figures.build();
  }

  /**
   * Writes the figures packed, whether they are open or not, and reads them back packed: a copy
   * unpacks nothing.
   *
   * @param <K> the analysis' group key
   */
  static final class AccumulatorCoder<K> extends StructuredCoder<MergingFigures<K>> {
    private static final long serialVersionUID = 1L;

    private final Coder<K> keyCoder;
    private final PackedFiguresCoder<K> packed;

    AccumulatorCoder(Coder<K> keyCoder) {
      this.keyCoder = keyCoder;
      this.packed = PackedFiguresCoder.of(keyCoder);
    }

    @Override
    public void encode(MergingFigures<K> figures, OutputStream out) throws IOException {
      packed.encode(figures.pack(keyCoder), out);
    }

    @Override
    public MergingFigures<K> decode(InputStream in) throws IOException {
      return new MergingFigures<>(null, packed.decode(in));
    }

    @Override
    public List<? extends Coder<?>> getCoderArguments() {
      return List.of(keyCoder);
    }

    @Override
    public void verifyDeterministic() throws NonDeterministicException {
      throw new NonDeterministicException(this, "groups are packed in the order of a HashMap");
    }
  }
}

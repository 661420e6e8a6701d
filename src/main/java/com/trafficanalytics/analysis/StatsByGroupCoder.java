package com.trafficanalytics.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.StructuredCoder;

/**
 * The coder of figures per group ({@code Map<K, TrafficStats>}): the merge's accumulator and its
 * merged output. The map is written as {@link PackedFigures}, so it reaches the runner's stream as
 * one block of bytes (its length, then the block) and is read back from the block the same way.
 *
 * <p>The same entries through Beam's {@code MapCoder} (the key's coder and {@code TrafficStats}'
 * own coder) went through the runner's stream a byte at a time, every varint byte a call through
 * its layers into a synchronized {@code ByteArrayOutputStream} or {@code ByteArrayInputStream}.
 *
 * @param <K> the analysis' group key
 */
public final class StatsByGroupCoder<K> extends StructuredCoder<Map<K, TrafficStats>> {
  private static final long serialVersionUID = 1L;

  private final Coder<K> keyCoder;
  private final PackedFiguresCoder<K> packed;

  private StatsByGroupCoder(Coder<K> keyCoder) {
    this.keyCoder = keyCoder;
    this.packed = PackedFiguresCoder.of(keyCoder);
  }

  /** Figures per group, each group written by {@code keyCoder}. */
  public static <K> StatsByGroupCoder<K> of(Coder<K> keyCoder) {
    return new StatsByGroupCoder<>(keyCoder);
  }

  @Override
  public void encode(Map<K, TrafficStats> groups, OutputStream out) throws IOException {
    if (groups == null) {
      throw new CoderException("cannot encode a null map of figures");
    }
    PackedFigures.Builder<K> figures = PackedFigures.builder(keyCoder);
    groups.forEach(figures::add);
    packed.encode(figures.build(), out);
  }

  @Override
  public Map<K, TrafficStats> decode(InputStream in) throws IOException {
    PackedFigures<K> figures = packed.decode(in);
    // Sized so that the map never rehashes while it is filled.
    Map<K, TrafficStats> groups =
        new HashMap<>((int) Math.min(Integer.MAX_VALUE, figures.groups() * 4L / 3 + 1));
    try {
      figures.forEach(groups::put);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return groups;
  }

  @Override
  public List<? extends Coder<?>> getCoderArguments() {
    return List.of(keyCoder);
  }

  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    throw new NonDeterministicException(this, "the entries of a HashMap have no fixed order");
  }
}

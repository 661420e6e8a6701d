package com.trafficanalytics.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;

/**
 * The coder of figures per group ({@code Map<K, TrafficStats>}): the merge's merged output. The map
 * is written as {@link PackedFigures}, so it reaches the runner's stream as one block of bytes (its
 * length, then the block) and is read back from the block the same way.
 *
 * <p>The same entries through Beam's {@code MapCoder} (the key's coder and {@code TrafficStats}'
 * own coder) went through the runner's stream a byte at a time, every varint byte a call through
 * its layers into a synchronized {@code ByteArrayOutputStream} or {@code ByteArrayInputStream}.
 *
 * @param <K> the analysis' group key
 */
public final class StatsByGroupCoder<K> extends GroupFiguresCoder<K, Map<K, TrafficStats>> {
  private static final long serialVersionUID = 1L;

  private StatsByGroupCoder(Coder<K> keyCoder) {
    super(keyCoder);
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
    writePacked(PackedFigures.of(keyCoder, groups), out);
  }

  @Override
  public Map<K, TrafficStats> decode(InputStream in) throws IOException {
    try {
      return readPacked(in).toMap();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}

package com.trafficanalytics.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;

/**
 * The coder of {@link PackedFigures}: their length, then their bytes as they are. Encoding copies
 * an array and decoding reads one; no group is unpacked on the way.
 *
 * @param <K> the analysis' group key
 */
public final class PackedFiguresCoder<K> extends GroupFiguresCoder<K, PackedFigures<K>> {
  private static final long serialVersionUID = 1L;

  /** Packed figures whose group keys {@code keyCoder} wrote; see {@link PackedFigures#coder}. */
  PackedFiguresCoder(Coder<K> keyCoder) {
    super(keyCoder);
  }

  @Override
  public void encode(PackedFigures<K> figures, OutputStream out) throws IOException {
    if (figures == null) {
      throw new CoderException("cannot encode null packed figures");
    }
    writePacked(figures, out);
  }

  @Override
  public PackedFigures<K> decode(InputStream in) throws IOException {
    return readPacked(in);
  }
}

package com.trafficanalytics.analysis;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.StructuredCoder;
import org.apache.beam.sdk.util.VarInt;

/**
 * The coder of {@link PackedFigures}: their length, then their bytes as they are. Encoding copies
 * an array and decoding reads one; no group is unpacked on the way.
 *
 * @param <K> the analysis' group key
 */
public final class PackedFiguresCoder<K> extends StructuredCoder<PackedFigures<K>> {
  private static final long serialVersionUID = 1L;

  private final Coder<K> keyCoder;

  private PackedFiguresCoder(Coder<K> keyCoder) {
    this.keyCoder = keyCoder;
  }

  /** Packed figures whose group keys {@code keyCoder} wrote. */
  public static <K> PackedFiguresCoder<K> of(Coder<K> keyCoder) {
    return new PackedFiguresCoder<>(keyCoder);
  }

  @Override
  public void encode(PackedFigures<K> figures, OutputStream out) throws IOException {
    if (figures == null) {
      throw new CoderException("cannot encode null packed figures");
    }
    if (!figures.keyCoder().equals(keyCoder)) {
      throw new CoderException(
          "figures packed with " + figures.keyCoder() + " cannot be written as " + keyCoder);
    }
    byte[] bytes = figures.bytes();
    VarInt.encode(bytes.length, out);
    out.write(bytes);
  }

  @Override
  public PackedFigures<K> decode(InputStream in) throws IOException {
    int length = VarInt.decodeInt(in);
    if (length < 0) {
      throw new CoderException("packed figures of negative length " + length);
    }
    byte[] bytes = new byte[length];
    new DataInputStream(in).readFully(bytes);
    return PackedFigures.fromBytes(keyCoder, bytes);
  }

  @Override
  public List<? extends Coder<?>> getCoderArguments() {
    return List.of(keyCoder);
  }

  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    throw new NonDeterministicException(
        this, "groups are packed in the order of a HashMap, which is not fixed");
  }
}

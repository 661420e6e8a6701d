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
 * What the coders of many groups' figures share: they all write {@link PackedFigures} (the length
 * of the packed bytes, then the bytes), whatever form the figures take in memory, and the order of
 * the groups is a hash map's.
 *
 * @param <K> the analysis' group key
 * @param <T> the form of the figures in memory
 */
abstract class GroupFiguresCoder<K, T> extends StructuredCoder<T> {
  private static final long serialVersionUID = 1L;

  /** The coder of the group keys. */
  final Coder<K> keyCoder;

  GroupFiguresCoder(Coder<K> keyCoder) {
    this.keyCoder = keyCoder;
  }

  /** Writes packed figures: their length, then their bytes as they are. */
  final void writePacked(PackedFigures<K> figures, OutputStream out) throws IOException {
    if (!figures.keyCoder().equals(keyCoder)) {
      throw new CoderException(
          "figures packed with " + figures.keyCoder() + " cannot be written as " + keyCoder);
    }
    byte[] bytes = figures.bytes();
    VarInt.encode(bytes.length, out);
    out.write(bytes);
  }

  /** Reads packed figures back, without unpacking a group. */
  final PackedFigures<K> readPacked(InputStream in) throws IOException {
    int length = VarInt.decodeInt(in);
    if (length < 0) {
      throw new CoderException("packed figures of negative length " + length);
    }
    byte[] bytes = new byte[length];
    new DataInputStream(in).readFully(bytes);
    return PackedFigures.fromBytes(keyCoder, bytes);
  }

  @Override
  public final List<? extends Coder<?>> getCoderArguments() {
    return List.of(keyCoder);
  }

  @Override
  public final void verifyDeterministic() throws NonDeterministicException {
    throw new NonDeterministicException(
        this, "groups are written in the order of a hash map, which is not fixed");
  }
}

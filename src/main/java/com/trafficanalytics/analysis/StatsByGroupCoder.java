package com.trafficanalytics.analysis;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.StructuredCoder;
import org.apache.beam.sdk.util.VarInt;

/**
 * The coder of figures per group ({@code Map<K, TrafficStats>}): an element of partial figures and
 * the merge's accumulator. The entries are written into a buffer of the coder's own and reach the
 * runner's stream as one block of bytes (its length, then the block), and are read back from the
 * block the same way.
 *
 * <p>The same entries through Beam's {@code MapCoder} (the key's coder and {@code TrafficStats}'
 * own coder) went through the runner's stream a byte at a time, every varint byte a call through
 * its layers into a synchronized {@code ByteArrayOutputStream} or {@code ByteArrayInputStream}. The
 * DirectRunner encodes and decodes each merge key's whole state each time a new bundle reaches the
 * key, so those calls were an eighth of a run with 632,000 users; Dataflow's shuffle encodes every
 * element too. In a block: the key by its own coder, then pageviews, total, largest and smallest
 * bytes as varints.
 *
 * @param <K> the analysis' group key
 */
public final class StatsByGroupCoder<K> extends StructuredCoder<Map<K, TrafficStats>> {
  private static final long serialVersionUID = 1L;

  private final Coder<K> keyCoder;

  private StatsByGroupCoder(Coder<K> keyCoder) {
    this.keyCoder = keyCoder;
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
    BlockWriter block = new BlockWriter(16 + groups.size() * 24);
    VarInt.encode(groups.size(), block);
    for (Map.Entry<K, TrafficStats> group : groups.entrySet()) {
      keyCoder.encode(group.getKey(), block);
      TrafficStats stats = group.getValue();
      VarInt.encode(stats.pageviews(), block);
      VarInt.encode(stats.totalBytes(), block);
      VarInt.encode(stats.maxBytes(), block);
      VarInt.encode(stats.minBytes(), block);
    }
    VarInt.encode(block.size, out);
    out.write(block.bytes, 0, block.size);
  }

  @Override
  public Map<K, TrafficStats> decode(InputStream in) throws IOException {
    byte[] bytes = new byte[VarInt.decodeInt(in)];
    new DataInputStream(in).readFully(bytes);
    BlockReader block = new BlockReader(bytes);
    int size = VarInt.decodeInt(block);
    // Sized so that the map never rehashes while it is filled.
    Map<K, TrafficStats> groups =
        new HashMap<>((int) Math.min(Integer.MAX_VALUE, size * 4L / 3 + 1));
    for (int i = 0; i < size; i++) {
      K key = keyCoder.decode(block);
      groups.put(
          key,
          TrafficStats.of(
              VarInt.decodeLong(block),
              VarInt.decodeLong(block),
              VarInt.decodeLong(block),
              VarInt.decodeLong(block)));
    }
    if (block.remaining() != 0) {
      throw new CoderException(
          block.remaining() + " bytes left after " + size + " groups of figures");
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

  /**
   * A growing byte array to write into, without the lock of {@code ByteArrayOutputStream}: it
   * never leaves the thread that made it.
   */
  private static final class BlockWriter extends OutputStream {
    private byte[] bytes;
    private int size;

    BlockWriter(int capacity) {
      this.bytes = new byte[capacity];
    }

    @Override
    public void write(int b) {
      ensure(1);
      bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] from, int offset, int length) {
      ensure(length);
      System.arraycopy(from, offset, bytes, size, length);
      size += length;
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }
  }

  /** A byte array to read from, without the lock of {@code ByteArrayInputStream}. */
  private static final class BlockReader extends InputStream {
    private final byte[] bytes;
    private int position;

    BlockReader(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read() {
      return position < bytes.length ? bytes[position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] to, int offset, int length) {
      if (length == 0) {
        return 0;
      }
      if (position >= bytes.length) {
        return -1;
      }
      int n = Math.min(length, bytes.length - position);
      System.arraycopy(bytes, position, to, offset, n);
      position += n;
      return n;
    }

    int remaining() {
      return bytes.length - position;
    }
  }
}

package com.trafficanalytics.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.VarInt;

/**
 * The figures of many groups packed into one array of bytes, in the form they cross a shuffle: how
 * partial figures travel from the read into the merge, and how {@link StatsByGroupCoder} writes a
 * map of figures.
 *
 * <p>Packed, a group costs its key's bytes and four varints (29 bytes for a user, measured),
 * against about 150 bytes of heap as an entry of a {@code HashMap<String, TrafficStats>}. That is
 * what a runner holds between the read and the merge: the DirectRunner keeps every partial of a
 * merge key in memory and copies them, through their coder, each time a new bundle reaches the
 * key. As maps, at 632,000 users, those copies and the garbage collections they caused took longer
 * than the merge itself; packed, a copy is an array copy. The merge unpacks each group once.
 *
 * <p>The bytes: the number of groups as a varint, then each group's key by the analysis' key
 * coder, then its pageviews, total, largest and smallest bytes as varints. Immutable.
 *
 * @param <K> the analysis' group key
 */
public final class PackedFigures<K> {
  private final Coder<K> keyCoder;
  private final byte[] bytes;
  private final int groups;
  private final int firstGroup;

  private PackedFigures(Coder<K> keyCoder, byte[] bytes, int groups, int firstGroup) {
    this.keyCoder = keyCoder;
    this.bytes = bytes;
    this.groups = groups;
    this.firstGroup = firstGroup;
  }

  /** Starts packing figures whose group keys are written by {@code keyCoder}. */
  public static <K> Builder<K> builder(Coder<K> keyCoder) {
    return new Builder<>(keyCoder);
  }

  /** The coder of packed figures whose group keys {@code keyCoder} writes. */
  public static <K> PackedFiguresCoder<K> coder(Coder<K> keyCoder) {
    return new PackedFiguresCoder<>(keyCoder);
  }

  /** The figures of a map, packed in the map's order. */
  public static <K> PackedFigures<K> of(Coder<K> keyCoder, Map<K, TrafficStats> groups) {
    Builder<K> figures = builder(keyCoder);
    groups.forEach(figures::add);
    return figures.build();
  }

  /**
   * Reads packed figures back from their bytes, as {@link #bytes()} gave them.
   *
   * @throws CoderException when the bytes do not start with a count of groups
   */
  static <K> PackedFigures<K> fromBytes(Coder<K> keyCoder, byte[] bytes) throws CoderException {
    Reader header = new Reader(bytes, 0);
    int groups;
    try {
      groups = VarInt.decodeInt(header);
    } catch (IOException e) {
      throw new CoderException("packed figures without a count of groups", e);
    }
    if (groups < 0) {
      throw new CoderException("packed figures with a negative count of groups: " + groups);
    }
    return new PackedFigures<>(keyCoder, bytes, groups, header.position);
  }

  /** How many groups these figures hold. */
  public int groups() {
    return groups;
  }

  /**
   * Unpacks every group, in the order they were packed, each into a new {@link TrafficStats}
   * that the caller may keep.
   *
   * @throws UncheckedIOException (with a {@link CoderException}) when the bytes are damaged
   */
  public void forEach(BiConsumer<? super K, ? super TrafficStats> action) {
    Reader in = new Reader(bytes, firstGroup);
    try {
      for (int i = 0; i < groups; i++) {
        K group = keyCoder.decode(in);
        action.accept(
            group,
            TrafficStats.of(
                VarInt.decodeLong(in),
                VarInt.decodeLong(in),
                VarInt.decodeLong(in),
                VarInt.decodeLong(in)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          new CoderException("damaged packed figures: " + groups + " groups announced", e));
    }
    if (in.position != bytes.length) {
      throw new UncheckedIOException(
          new CoderException(
              (bytes.length - in.position) + " bytes left after " + groups + " groups of figures"));
    }
  }

  /**
   * Unpacks every group into a new map of the caller's, sized so that it never grows while it is
   * filled.
   *
   * @throws UncheckedIOException (with a {@link CoderException}) when the bytes are damaged
   */
  public Map<K, TrafficStats> toMap() {
    Map<K, TrafficStats> map = new HashMap<>((int) Math.min(1 << 30, groups * 4L / 3 + 1));
    forEach(map::put);
    return map;
  }

  /** The packed bytes, shared: the caller must not change them. */
  byte[] bytes() {
    return bytes;
  }

  /** The coder of the group keys. */
  Coder<K> keyCoder() {
    return keyCoder;
  }

  @Override
  public String toString() {
    return "PackedFigures{" + groups + " groups, " + bytes.length + " bytes}";
  }

  /**
   * Packs the figures of one group after another. Not thread-safe; {@link #build} ends it.
   *
   * @param <K> the analysis' group key
   */
  public static final class Builder<K> {
    private final Coder<K> keyCoder;
    private final Writer out = new Writer();
    private int groups;

    private Builder(Coder<K> keyCoder) {
      this.keyCoder = keyCoder;
    }

    /** Adds one group's figures; a group must be added once. */
    public Builder<K> add(K group, TrafficStats stats) {
      try {
        keyCoder.encode(group, out);
        VarInt.encode(stats.pageviews(), out);
        VarInt.encode(stats.totalBytes(), out);
        VarInt.encode(stats.maxBytes(), out);
        VarInt.encode(stats.minBytes(), out);
      } catch (IOException e) {
        // Our writer never fails; a key coder that does cannot pack this group.
        throw new UncheckedIOException(e);
      }
      groups++;
      return this;
    }

    /** How many groups were added. */
    public int groups() {
      return groups;
    }

    /** The figures added, packed. */
    public PackedFigures<K> build() {
      Writer whole = new Writer(VarInt.getLength(groups) + out.size);
      try {
        VarInt.encode(groups, whole);
      } catch (IOException e) {
        throw new UncheckedIOException(e); // our writer never fails
      }
      whole.write(out.bytes, 0, out.size);
      return new PackedFigures<>(keyCoder, whole.bytes, groups, whole.size - out.size);
    }
  }

  /**
   * A growing byte array to write into, without the lock of {@code ByteArrayOutputStream}: it
   * never leaves the thread that made it.
   */
  private static final class Writer extends OutputStream {
    private byte[] bytes;
    private int size;

    Writer() {
      this(256);
    }

    Writer(int capacity) {
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
  private static final class Reader extends InputStream {
    private final byte[] bytes;
    private int position;

    Reader(byte[] bytes, int position) {
      this.bytes = bytes;
      this.position = position;
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
  }
}

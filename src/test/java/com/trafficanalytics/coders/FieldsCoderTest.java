package com.trafficanalytics.coders;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.Coder.NonDeterministicException;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.SortedMapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.Test;

/** The mechanism itself, on types made for the test; each real type has a coder test of its own. */
public class FieldsCoderTest {
  enum Colour {
    RED,
    BLUE
  }

  @DefaultCoder(FieldsCoder.class)
  record Point(long x, int y, boolean shown, Colour colour, @Nullable String label) {}

  @DefaultCoder(FieldsCoder.class)
  record Shape(List<Point> points, long[] weights, TreeMap<String, Long> tags) {}

  /** A mutable class, rebuilt by its private constructor and then its fields. */
  @DefaultCoder(FieldsCoder.class)
  static final class Tally {
    static final int IGNORED = 7;
    long count;
    @Nullable Long last;
    final TreeMap<Long, Long> byStart = new TreeMap<>();

    private Tally() {}

    @Override
    public boolean equals(Object o) {
      return o instanceof Tally other
          && count == other.count
          && java.util.Objects.equals(last, other.last)
          && byStart.equals(other.byStart);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(count);
    }
  }

  /** A class of primitive fields only. */
  @DefaultCoder(FieldsCoder.class)
  static final class Counters {
    long total;
    int count;

    private Counters() {}

    static Counters of(long total, int count) {
      Counters counters = new Counters();
      counters.total = total;
      counters.count = count;
      return counters;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Counters other && total == other.total && count == other.count;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(total) * 31 + count;
    }
  }

  /** A record whose constructor refuses some values, as a decoder may meet in corrupt bytes. */
  @DefaultCoder(FieldsCoder.class)
  record Positive(long value) {
    Positive {
      if (value <= 0) {
        throw new IllegalArgumentException("not positive: " + value);
      }
    }
  }

  record Ratio(double value) {}

  record Opaque(Serializable anything) {}

  static final class NoEmptyConstructor {
    long value;

    NoEmptyConstructor(long value) {
      this.value = value;
    }
  }

  @Test
  public void aRecordIsItsComponentsInOrderEachByBeamsCoder() throws Exception {
    Coder<Point> coder = FieldsCoder.of(Point.class);
    Point point = new Point(300, -2, true, Colour.BLUE, null);
    assertArrayEquals(
        Encodings.of()
            .then(VarLongCoder.of(), 300L)
            .then(VarIntCoder.of(), -2)
            .then(org.apache.beam.sdk.coders.BooleanCoder.of(), true)
            .then(StringUtf8Coder.of(), "BLUE")
            .then(NullableCoder.of(StringUtf8Coder.of()), null)
            .bytes(),
        CoderUtils.encodeToByteArray(coder, point));
    CoderProperties.coderDecodeEncodeEqual(coder, point);
    CoderProperties.coderDecodeEncodeEqual(coder, new Point(0, 0, false, Colour.RED, "é"));
    coder.verifyDeterministic();
  }

  @Test
  public void primitiveFieldsAreBeamsVariableLengthBytesAtEveryMagnitude() throws Exception {
    Coder<Counters> coder = FieldsCoder.of(Counters.class);
    long[] totals = {0, 1, -1, 127, 128, 300, 1L << 35, Long.MIN_VALUE, Long.MAX_VALUE};
    int[] counts = {0, -1, 1, 127, 128, 1 << 20, Integer.MIN_VALUE, Integer.MAX_VALUE, -300};
    for (int i = 0; i < totals.length; i++) {
      Counters counters = Counters.of(totals[i], counts[i]);
      byte[] expected =
          Encodings.of()
              .then(VarLongCoder.of(), totals[i])
              .then(VarIntCoder.of(), counts[i])
              .bytes();
      assertArrayEquals(expected, CoderUtils.encodeToByteArray(coder, counters));
      assertEquals(counters, CoderUtils.decodeFromByteArray(coder, expected));
    }
    coder.verifyDeterministic();
  }

  @Test
  public void truncatedBytesAndAValueItsConstructorRefusesAreCoderErrors() throws Exception {
    byte[] whole =
        Encodings.of().then(VarLongCoder.of(), 1L << 40).then(VarIntCoder.of(), 5).bytes();
    Coder<Counters> counters = FieldsCoder.of(Counters.class);
    // Cut inside the long, then where the int starts: VarLongCoder's and VarIntCoder's errors.
    assertThrows(
        IOException.class,
        () -> counters.decode(new ByteArrayInputStream(Arrays.copyOf(whole, 3))));
    assertThrows(
        CoderException.class,
        () -> counters.decode(new ByteArrayInputStream(Arrays.copyOf(whole, whole.length - 1))));
    CoderException refused =
        assertThrows(
            CoderException.class,
            () ->
                CoderUtils.decodeFromByteArray(
                    FieldsCoder.of(Positive.class),
                    Encodings.of().then(VarLongCoder.of(), -4L).bytes()));
    assertTrue(refused.getMessage(), refused.getMessage().contains("cannot rebuild a Positive"));
  }

  @Test
  public void listsArraysAndSortedMapsNest() throws Exception {
    Coder<Shape> coder = FieldsCoder.of(Shape.class);
    TreeMap<String, Long> tags = new TreeMap<>();
    tags.put("b", 2L);
    tags.put("a", 1L);
    Shape shape =
        new Shape(
            List.of(new Point(1, 2, false, Colour.RED, "p")), new long[] {5, Long.MIN_VALUE}, tags);
    Shape back = CoderUtils.clone(coder, shape);
    assertEquals(shape.points(), back.points());
    assertArrayEquals(shape.weights(), back.weights());
    assertEquals(tags, back.tags());
    assertArrayEquals(
        Encodings.of()
            .then(ListCoder.of(FieldsCoder.of(Point.class)), shape.points())
            .then(VarIntCoder.of(), 2)
            .then(VarLongCoder.of(), 5L)
            .then(VarLongCoder.of(), Long.MIN_VALUE)
            .then(SortedMapCoder.of(StringUtf8Coder.of(), VarLongCoder.of()), tags)
            .bytes(),
        CoderUtils.encodeToByteArray(coder, shape));
    Shape empty = CoderUtils.clone(coder, new Shape(List.of(), new long[0], new TreeMap<>()));
    assertEquals(List.of(), empty.points());
    assertEquals(0, empty.weights().length);
    empty.tags().put("read back as a map of its own", 1L);
  }

  @Test
  public void aClassIsItsInstanceFieldsSetOnAnInstanceFromItsEmptyConstructor() throws Exception {
    Tally tally = new Tally();
    tally.count = 3;
    tally.byStart.put(60_000L, 4L);
    CoderProperties.coderDecodeEncodeEqual(FieldsCoder.of(Tally.class), tally);
    tally.last = 9L;
    CoderProperties.coderDecodeEncodeEqual(FieldsCoder.of(Tally.class), tally);
  }

  @Test
  public void theCoderIsFoundFromTheTypeAndSurvivesSerializationAsTheSameCoder() throws Exception {
    Coder<Point> coder = FieldsCoder.of(Point.class);
    assertSame(coder, CoderRegistry.createDefault().getCoder(Point.class));
    assertSame(coder, SerializableUtils.clone(coder));
    // What Beam infers a generic transform's output coder from (Wait.on, for one).
    assertEquals(TypeDescriptor.of(Point.class), coder.getEncodedTypeDescriptor());
    CoderProperties.coderSerializable(coder);
  }

  @Test
  public void coderOfDifferentTypesDiffer() {
    // Beam's portable pipelines share one id among equal coders: they must not be equal.
    assertNotEquals(FieldsCoder.of(Point.class), FieldsCoder.of(Tally.class));
  }

  @Test
  public void aFloatingPointFieldIsNamedAsNotDeterministic() {
    NonDeterministicException e =
        assertThrows(
            NonDeterministicException.class,
            () -> FieldsCoder.of(Ratio.class).verifyDeterministic());
    assertTrue(e.getMessage(), e.getMessage().contains("field value"));
  }

  @Test
  public void javaSerializationAndAMissingConstructorAreRefusedWithTheirReason() {
    IllegalArgumentException serialized =
        assertThrows(IllegalArgumentException.class, () -> FieldsCoder.of(Opaque.class));
    assertTrue(serialized.getMessage(), serialized.getMessage().contains("Opaque.anything"));
    IllegalArgumentException constructor =
        assertThrows(
            IllegalArgumentException.class, () -> FieldsCoder.of(NoEmptyConstructor.class));
    assertTrue(
        constructor.getMessage(), constructor.getMessage().contains("constructor without"));
  }
}

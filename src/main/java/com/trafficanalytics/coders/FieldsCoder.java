package com.trafficanalytics.coders;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * A coder for a value made of a fixed list of fields, each written in turn by one of Beam's own
 * coders. A subclass lists its type's fields once, in the order they are written and read back, and
 * says how to rebuild the value from them; it stays the class the type's {@code @DefaultCoder}
 * names. Composing Beam's coders keeps the encoding compact and deterministic without each type
 * repeating the same encode and decode loops by hand.
 *
 * @param <T> the type encoded
 */
public abstract class FieldsCoder<T> extends AtomicCoder<T> {
  private final List<Field<T, ?>> fields;
  private final SerializableFunction<FieldValues, T> rebuild;

  /**
   * @param rebuild makes the value from its fields, read back with {@link FieldValues#next()} in
   *     the order {@code fields} lists them
   * @param fields what is written, in order
   */
  @SafeVarargs
  protected FieldsCoder(SerializableFunction<FieldValues, T> rebuild, Field<T, ?>... fields) {
    this.rebuild = rebuild;
    this.fields = List.of(fields);
  }

  /** A long, in Beam's variable-length encoding (small counts take one byte). */
  protected static <T> Field<T, Long> varLong(SerializableFunction<T, Long> getter) {
    return new Field<>(VarLongCoder.of(), getter);
  }

  /** A long that may be null: a presence byte, then the variable-length long. */
  protected static <T> Field<T, Long> optionalVarLong(SerializableFunction<T, Long> getter) {
    return new Field<>(NullableCoder.of(VarLongCoder.of()), getter);
  }

  /** A string, in UTF-8. */
  protected static <T> Field<T, String> text(SerializableFunction<T, String> getter) {
    return new Field<>(StringUtf8Coder.of(), getter);
  }

  /** A string that may be null: a presence byte, then the UTF-8 string. */
  protected static <T> Field<T, String> optionalText(SerializableFunction<T, String> getter) {
    return new Field<>(NullableCoder.of(StringUtf8Coder.of()), getter);
  }

  @Override
  public final void encode(T value, OutputStream out) throws IOException {
    for (Field<T, ?> field : fields) {
      field.encode(value, out);
    }
  }

  @Override
  public final T decode(InputStream in) throws IOException {
    Object[] values = new Object[fields.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = fields.get(i).coder.decode(in);
    }
    return rebuild.apply(new FieldValues(values));
  }

  /** Deterministic when every field's coder is, as Beam's coders used here are. */
  @Override
  public final void verifyDeterministic() throws NonDeterministicException {
    for (Field<T, ?> field : fields) {
      field.coder.verifyDeterministic();
    }
  }

  /**
   * One field of {@code T}: how to get it from a value, and Beam's coder for it.
   *
   * @param <T> the type the field belongs to
   * @param <V> the field's type
   */
  public static final class Field<T, V> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Coder<V> coder;
    private final SerializableFunction<T, V> getter;

    private Field(Coder<V> coder, SerializableFunction<T, V> getter) {
      this.coder = coder;
      this.getter = getter;
    }

    private void encode(T value, OutputStream out) throws IOException {
      coder.encode(getter.apply(value), out);
    }
  }

  /** The fields of one value as they were read back, handed out in the order they were listed. */
  public static final class FieldValues {
    private final Object[] values;
    private int next;

    private FieldValues(Object[] values) {
      this.values = values;
    }

    /** The next field's value, typed as the place it is passed to expects. */
    @SuppressWarnings("unchecked")
    public <V> V next() {
      return (V) values[next++];
    }
  }
}

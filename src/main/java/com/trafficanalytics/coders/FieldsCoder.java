package com.trafficanalytics.coders;

import static java.lang.invoke.MethodType.methodType;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectStreamException;
import java.io.OutputStream;
import java.io.UTFDataFormatException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.DelegateCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.SortedMapCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.util.VarInt;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * A coder for a small value type, written as its fields one after the other, each by one of Beam's
 * own coders. A type takes it with one line, {@code @DefaultCoder(FieldsCoder.class)}, and every
 * pipeline then finds it from the type, without a {@code setCoder} at each use.
 *
 * <p>What is written: a record's components, in their declared order, rebuilt with its canonical
 * constructor; a class's instance fields, in the order the class declares them, rebuilt by its
 * no-argument constructor (which may be private) and then set, as Gson and Jackson do. The coder of
 * each field follows from its type: {@code long}, {@code int}, {@code double}, {@code boolean} and
 * their boxes, {@code String} and {@code long[]} by Beam's compact coders, an enum by its
 * constant's name, a {@code SortedMap} or {@code TreeMap} by {@link SortedMapCoder}, anything else
 * ({@code List}, a type with a {@code @DefaultCoder} of its own) by the coder Beam's registry has
 * for it, except Java serialization, which is refused. A field whose type is annotated
 * {@code @Nullable} is written behind a presence byte; any other must not be null.
 *
 * <p>So the encoding is compact and deterministic (it says so only when every field's coder does:
 * Beam's {@code SortedMapCoder} does not, so a type with a map is never a key). It is on the hot
 * path (the merge's shuffle and the DirectRunner's copies code every group), so the reflection is
 * resolved once per type into method handles, and an element costs one handle call per field and
 * one per constructor; {@code long} and {@code int} fields are written by {@link VarInt} directly,
 * the bytes of Beam's {@code VarLongCoder} and {@code VarIntCoder} without their boxes.
 *
 * @param <T> the type encoded
 */
public final class FieldsCoder<T> extends CustomCoder<T> {
  private static final long serialVersionUID = 1L;

  // Resolved once per type; a ClassValue lets a type's class loader go when the type goes.
  private static final ClassValue<FieldsCoder<?>> BY_TYPE =
      new ClassValue<>() {
        @Override
        protected FieldsCoder<?> computeValue(Class<?> type) {
          return new FieldsCoder<>(type);
        }
      };

  private final Class<T> type;
  // Resolved from the type; a deserialized coder is replaced by the cached one (readResolve).
  private final transient boolean isRecord;
  private final transient Part[] parts;
  // ()Object for a class; (Object[])Object, the canonical constructor spread, for a record.
  private final transient MethodHandle constructor;

  private FieldsCoder(Class<T> type) {
    this.type = type;
    this.isRecord = type.isRecord();
    this.parts = partsOf(type);
    this.constructor = constructorOf(type, parts);
  }

  /**
   * The coder of {@code type}.
   *
   * @throws IllegalArgumentException naming the field whose type has no deterministic coder here
   */
  @SuppressWarnings("unchecked")
  public static <T> FieldsCoder<T> of(Class<T> type) {
    return (FieldsCoder<T>) BY_TYPE.get(type);
  }

  /** How {@code @DefaultCoder(FieldsCoder.class)} on a type finds its coder. */
  public static CoderProvider getCoderProvider() {
    return new CoderProvider() {
      @Override
      public <T> Coder<T> coderFor(
          TypeDescriptor<T> typeDescriptor, List<? extends Coder<?>> componentCoders)
          throws CannotProvideCoderException {
        if (typeDescriptor.getType() != typeDescriptor.getRawType()) {
          throw new CannotProvideCoderException(
              "FieldsCoder codes plain types only, not the generic " + typeDescriptor);
        }
        @SuppressWarnings("unchecked")
        Class<T> raw = (Class<T>) typeDescriptor.getRawType();
        return of(raw);
      }
    };
  }

  @Override
  public void encode(T value, OutputStream out) throws IOException {
    if (value == null) {
      throw new CoderException("cannot encode a null " + type.getSimpleName());
    }
    try {
      for (Part part : parts) {
        part.encoder.invokeExact((Object) value, out);
      }
    } catch (Throwable e) {
      throw rethrown(e);
    }
  }

  @Override
  public T decode(InputStream in) throws IOException {
    if (isRecord) {
      Object[] values = new Object[parts.length];
      try {
        for (int i = 0; i < values.length; i++) {
          values[i] = (Object) parts[i].decoder.invokeExact(in);
        }
      } catch (Throwable e) {
        throw rethrown(e);
      }
      return construct(values);
    }
    T value = construct(null);
    try {
      for (Part part : parts) {
        part.decoderInto.invokeExact((Object) value, in);
      }
    } catch (Throwable e) {
      throw rethrown(e);
    }
    return value;
  }

  /** A new instance: a record's from its components, a class's empty (then {@code values} null). */
  private T construct(Object[] values) throws CoderException {
    try {
      return type.cast(
          isRecord ? (Object) constructor.invokeExact(values) : (Object) constructor.invokeExact());
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      // What the constructor threw, wrapped as it was when Constructor.newInstance called it.
      throw new CoderException("cannot rebuild a " + type.getSimpleName() + ": " + e, e);
    }
  }

  /** Deterministic when every field's coder is. */
  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    for (Part part : parts) {
      verifyDeterministic(this, "field " + part.name, part.coder);
    }
  }

  /**
   * The type itself: Beam's default reads it from the coder's class, which for this one class is
   * only {@code T}, and then cannot infer the coder of a transform's output from its input (as
   * {@code Wait.on} needs).
   */
  @Override
  public TypeDescriptor<T> getEncodedTypeDescriptor() {
    return TypeDescriptor.of(type);
  }

  @Override
  public List<? extends Coder<?>> getCoderArguments() {
    return List.of();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldsCoder<?> other && type == other.type;
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  @Override
  public String toString() {
    return "FieldsCoder<" + type.getName() + ">";
  }

  private Object readResolve() throws ObjectStreamException {
    return of(type);
  }

  /**
   * One field: Beam's coder for it (what its bytes are, and whether they are deterministic), and
   * method handles, composed once from the field's getter and setter and the functions that write
   * and read its kind of value, that do the per-element work.
   */
  private static final class Part {
    final String name;
    final Coder<Object> coder;
    // (Object value, OutputStream)void: writes the field of value.
    final MethodHandle encoder;
    // (InputStream)Object: reads a value, boxed, for a record's constructor.
    final MethodHandle decoder;
    // (Object instance, InputStream)void: reads a value into a class's field; null for a record.
    final MethodHandle decoderInto;

    Part(String name, Coder<Object> coder, MethodHandle getter, MethodHandle setter) {
      this.name = name;
      this.coder = coder;
      // A long or int (not @Nullable) goes without a box, by VarInt: what VarLongCoder and
      // VarIntCoder write and read, so the bytes are the same. Anything else goes by its coder.
      Class<?> kind = getter.type().returnType();
      MethodHandle write;
      MethodHandle read;
      if (kind == long.class && coder.equals(VarLongCoder.of())) {
        write = WRITE_LONG;
        read = READ_LONG;
      } else if (kind == int.class && coder.equals(VarIntCoder.of())) {
        write = WRITE_INT;
        read = READ_INT;
      } else {
        kind = Object.class;
        write = CODER_ENCODE.bindTo(coder);
        read = CODER_DECODE.bindTo(coder);
      }
      this.encoder =
          MethodHandles.filterArguments(write, 0, getter.asType(methodType(kind, Object.class)));
      this.decoder = read.asType(methodType(Object.class, InputStream.class));
      this.decoderInto =
          setter == null
              ? null
              : MethodHandles.filterArguments(
                  setter.asType(methodType(void.class, Object.class, kind)), 1, read);
    }
  }

  // What a Part composes its handles from.
  private static final MethodHandle WRITE_LONG;
  private static final MethodHandle WRITE_INT;
  private static final MethodHandle READ_LONG;
  private static final MethodHandle READ_INT;
  private static final MethodHandle CODER_ENCODE;
  private static final MethodHandle CODER_DECODE;

  static {
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    MethodType write = methodType(void.class, long.class, OutputStream.class);
    MethodType read = methodType(long.class, InputStream.class);
    try {
      WRITE_LONG = lookup.findStatic(VarInt.class, "encode", write);
      WRITE_INT =
          lookup.findStatic(VarInt.class, "encode", write.changeParameterType(0, int.class));
      READ_LONG = lookup.findStatic(FieldsCoder.class, "readLong", read);
      READ_INT = lookup.findStatic(FieldsCoder.class, "readInt", read.changeReturnType(int.class));
      CODER_ENCODE =
          lookup.findVirtual(Coder.class, "encode", write.changeParameterType(0, Object.class));
      CODER_DECODE = lookup.findVirtual(Coder.class, "decode", read.changeReturnType(Object.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * What a part threw, unchanged: its coder's {@code IOException} or an unchecked exception (a
   * field handle throws nothing else, but {@code invokeExact} declares {@code Throwable}).
   */
  private static IOException rethrown(Throwable e) {
    if (e instanceof IOException io) {
      return io;
    }
    if (e instanceof RuntimeException unchecked) {
      throw unchecked;
    }
    if (e instanceof Error error) {
      throw error;
    }
    throw new IllegalStateException(e);
  }

  /** {@link VarLongCoder#decode} without the box, with its errors. */
  private static long readLong(InputStream in) throws CoderException, IOException {
    try {
      return VarInt.decodeLong(in);
    } catch (EOFException | UTFDataFormatException e) {
      throw new CoderException(e);
    }
  }

  /** {@link VarIntCoder#decode} without the box, with its errors. */
  private static int readInt(InputStream in) throws CoderException, IOException {
    try {
      return VarInt.decodeInt(in);
    } catch (EOFException | UTFDataFormatException e) {
      throw new CoderException(e);
    }
  }

  private static Part[] partsOf(Class<?> type) {
    List<Part> parts = new ArrayList<>();
    if (type.isRecord()) {
      for (RecordComponent component : type.getRecordComponents()) {
        Field field;
        try {
          field = type.getDeclaredField(component.getName());
        } catch (NoSuchFieldException e) {
          throw new IllegalStateException("a record without its component's field: " + e, e);
        }
        parts.add(part(type, field, component.getGenericType(), component));
      }
    } else {
      for (Field field : type.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (!Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers)) {
          parts.add(part(type, field, field.getGenericType(), field));
        }
      }
    }
    return parts.toArray(Part[]::new);
  }

  private static Part part(Class<?> owner, Field field, Type fieldType, AnnotatedElement declared) {
    field.setAccessible(true);
    String where = owner.getSimpleName() + "." + field.getName();
    Coder<?> coder = coderOf(fieldType, where);
    if (isNullable(declared) || isNullable(field)) {
      coder = NullableCoder.of(coder);
    }
    @SuppressWarnings("unchecked")
    Coder<Object> untyped = (Coder<Object>) coder;
    MethodHandle getter;
    MethodHandle setter;
    try {
      // The field is accessible (above), so these handles need no access of their own.
      getter = MethodHandles.lookup().unreflectGetter(field);
      // A record's fields are final for good; its constructor sets them.
      setter = owner.isRecord() ? null : MethodHandles.lookup().unreflectSetter(field);
    } catch (IllegalAccessException e) {
      throw new IllegalArgumentException(where + ": FieldsCoder cannot reach the field: " + e, e);
    }
    return new Part(field.getName(), untyped, getter, setter);
  }

  /** Beam's coder for a field's type, or an error naming the field. */
  private static Coder<?> coderOf(Type fieldType, String where) {
    TypeDescriptor<?> descriptor = TypeDescriptor.of(fieldType);
    Class<?> raw = descriptor.getRawType();
    if (raw == long.class || raw == Long.class) {
      return VarLongCoder.of();
    }
    if (raw == int.class || raw == Integer.class) {
      return VarIntCoder.of();
    }
    if (raw == double.class || raw == Double.class) {
      return DoubleCoder.of();
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return BooleanCoder.of();
    }
    if (raw == String.class) {
      return StringUtf8Coder.of();
    }
    if (raw == long[].class) {
      return LongArrayCoder.INSTANCE;
    }
    if (raw.isEnum()) {
      return EnumNameCoder.of(raw.asSubclass(Enum.class));
    }
    if ((raw == SortedMap.class || raw == TreeMap.class)
        && fieldType instanceof ParameterizedType map) {
      Type[] keyAndValue = map.getActualTypeArguments();
      return sortedMap(
          coderOf(keyAndValue[0], where + " (key)"), coderOf(keyAndValue[1], where + " (value)"));
    }
    Coder<?> coder;
    try {
      coder = CoderRegistry.createDefault().getCoder(descriptor);
    } catch (CannotProvideCoderException e) {
      throw new IllegalArgumentException(
          where + ": Beam has no coder for " + fieldType + "; give that type a @DefaultCoder", e);
    }
    if (coder instanceof SerializableCoder) {
      throw new IllegalArgumentException(
          where + ": " + fieldType + " would be written with Java serialization, which is neither"
              + " compact nor deterministic; give that type a @DefaultCoder");
    }
    return coder;
  }

  /** Beam's sorted map, always read back as a TreeMap of its own that the value may change. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Coder<?> sortedMap(Coder<?> keys, Coder<?> values) {
    Coder<SortedMap> beams = (Coder) SortedMapCoder.of((Coder) keys, values);
    // Beam decodes an empty map as Collections.emptySortedMap(), which is neither a TreeMap nor
    // changeable.
    return DelegateCoder.<SortedMap, SortedMap>of(
        beams, map -> map, map -> map instanceof TreeMap ? map : new TreeMap<>(map));
  }

  /** Whether a {@code @Nullable} (of any library, as Beam's schemas also accept) marks it. */
  private static boolean isNullable(AnnotatedElement element) {
    List<Annotation> annotations = new ArrayList<>(List.of(element.getAnnotations()));
    if (element instanceof RecordComponent component) {
      annotations.addAll(List.of(component.getAnnotatedType().getAnnotations()));
    } else if (element instanceof Field field) {
      annotations.addAll(List.of(field.getAnnotatedType().getAnnotations()));
    }
    return annotations.stream()
        .anyMatch(annotation -> annotation.annotationType().getSimpleName().equals("Nullable"));
  }

  private static MethodHandle constructorOf(Class<?> type, Part[] parts) {
    Constructor<?> constructor;
    try {
      if (type.isRecord()) {
        Class<?>[] componentTypes =
            Arrays.stream(type.getRecordComponents())
                .map(RecordComponent::getType)
                .toArray(Class<?>[]::new);
        constructor = type.getDeclaredConstructor(componentTypes);
      } else {
        constructor = type.getDeclaredConstructor();
      }
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          type.getName() + " needs a constructor without arguments (it may be private) for"
              + " FieldsCoder to rebuild it",
          e);
    }
    constructor.setAccessible(true);
    MethodHandle handle;
    try {
      handle = MethodHandles.lookup().unreflectConstructor(constructor);
    } catch (IllegalAccessException e) {
      throw new IllegalArgumentException(
          type.getName() + ": FieldsCoder cannot reach its constructor: " + e, e);
    }
    if (type.isRecord()) {
      return handle
          .asSpreader(Object[].class, parts.length)
          .asType(methodType(Object.class, Object[].class));
    }
    return handle.asType(methodType(Object.class));
  }

  /** An enum constant by its name, so that reordering the constants keeps old bytes readable. */
  private static final class EnumNameCoder<E extends Enum<E>> extends CustomCoder<E> {
    private static final long serialVersionUID = 1L;
    private final Class<E> type;

    private EnumNameCoder(Class<E> type) {
      this.type = type;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Coder<?> of(Class<? extends Enum> type) {
      return new EnumNameCoder(type);
    }

    @Override
    public void encode(E value, OutputStream out) throws IOException {
      StringUtf8Coder.of().encode(value.name(), out);
    }

    @Override
    public E decode(InputStream in) throws IOException {
      return Enum.valueOf(type, StringUtf8Coder.of().decode(in));
    }

    @Override
    public void verifyDeterministic() {}

    @Override
    public boolean equals(Object o) {
      return o instanceof EnumNameCoder<?> other && type == other.type;
    }

    @Override
    public int hashCode() {
      return Objects.hash(EnumNameCoder.class, type);
    }
  }

  /** A {@code long[]}: its length, then each value, all in Beam's variable-length encoding. */
  private static final class LongArrayCoder extends CustomCoder<long[]> {
    private static final long serialVersionUID = 1L;
    static final LongArrayCoder INSTANCE = new LongArrayCoder();

    @Override
    public void encode(long[] values, OutputStream out) throws IOException {
      VarIntCoder.of().encode(values.length, out);
      for (long value : values) {
        VarLongCoder.of().encode(value, out);
      }
    }

    @Override
    public long[] decode(InputStream in) throws IOException {
      int length = VarIntCoder.of().decode(in);
      if (length < 0) {
        throw new CoderException("a negative array length: " + length);
      }
      long[] values = new long[length];
      for (int i = 0; i < length; i++) {
        values[i] = VarLongCoder.of().decode(in);
      }
      return values;
    }

    @Override
    public void verifyDeterministic() {}

    private Object readResolve() {
      return INSTANCE;
    }
  }
}

package com.trafficanalytics.deadletter;

import com.trafficanalytics.events.RejectReason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Coder for {@link DeadLetter}, attached to it with {@code @DefaultCoder}: the reason by its
 * constant's name, then the fields, the nullable ones behind a presence byte.
 */
public final class DeadLetterCoder extends AtomicCoder<DeadLetter> {
  private static final DeadLetterCoder INSTANCE = new DeadLetterCoder();
  private static final Coder<String> TEXT = StringUtf8Coder.of();
  private static final Coder<String> OPTIONAL_TEXT = NullableCoder.of(StringUtf8Coder.of());
  private static final Coder<Long> OPTIONAL_LONG = NullableCoder.of(VarLongCoder.of());

  public static DeadLetterCoder of() {
    return INSTANCE;
  }

  /** How {@code @DefaultCoder} on {@link DeadLetter} finds this coder. */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(DeadLetter.class), INSTANCE);
  }

  private DeadLetterCoder() {}

  @Override
  public void encode(DeadLetter value, OutputStream out) throws IOException {
    TEXT.encode(value.reason().name(), out);
    OPTIONAL_TEXT.encode(value.line(), out);
    TEXT.encode(value.error(), out);
    OPTIONAL_TEXT.encode(value.source(), out);
    OPTIONAL_LONG.encode(value.byteOffset(), out);
    OPTIONAL_TEXT.encode(value.lineBase64(), out);
  }

  @Override
  public DeadLetter decode(InputStream in) throws IOException {
    return new DeadLetter(
        RejectReason.valueOf(TEXT.decode(in)),
        OPTIONAL_TEXT.decode(in),
        TEXT.decode(in),
        OPTIONAL_TEXT.decode(in),
        OPTIONAL_LONG.decode(in),
        OPTIONAL_TEXT.decode(in));
  }

  @Override
  public void verifyDeterministic() {}
}

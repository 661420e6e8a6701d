package com.trafficanalytics.deadletter;

import com.trafficanalytics.coders.FieldsCoder;
import com.trafficanalytics.events.RejectReason;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Coder for {@link DeadLetter}, attached to it with {@code @DefaultCoder}: the reason by its
 * constant's name, then the fields, the nullable ones behind a presence byte.
 */
public final class DeadLetterCoder extends FieldsCoder<DeadLetter> {
  private static final DeadLetterCoder INSTANCE = new DeadLetterCoder();

  /** The one instance. */
  public static DeadLetterCoder of() {
    return INSTANCE;
  }

  /** How {@code @DefaultCoder} on {@link DeadLetter} finds this coder. */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(DeadLetter.class), INSTANCE);
  }

  private DeadLetterCoder() {
    super(
        letter ->
            new DeadLetter(
                RejectReason.valueOf(letter.next()),
                letter.next(),
                letter.next(),
                letter.next(),
                letter.next(),
                letter.next()),
        text(letter -> letter.reason().name()),
        optionalText(DeadLetter::line),
        text(DeadLetter::error),
        optionalText(DeadLetter::source),
        optionalVarLong(DeadLetter::byteOffset),
        optionalText(DeadLetter::lineBase64));
  }
}

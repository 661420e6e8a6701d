package com.trafficanalytics.coders;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.beam.sdk.coders.Coder;

/**
 * Builds expected encodings independently of {@link FieldsCoder}: each field written by the Beam
 * coder a test names, one after the other. A coder test compares a type's encoding with it, so the
 * bytes a type writes cannot change unnoticed.
 */
public final class Encodings {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  /** An empty encoding, to add fields to. */
  public static Encodings of() {
    return new Encodings();
  }

  /** Adds {@code value} as {@code coder} writes it. */
  public <V> Encodings then(Coder<V> coder, V value) throws IOException {
    coder.encode(value, bytes);
    return this;
  }

  /** The bytes so far. */
  public byte[] bytes() {
    return bytes.toByteArray();
  }

  private Encodings() {}
}

package com.trafficanalytics.deadletter;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertSame;

import com.trafficanalytics.coders.Encodings;
import com.trafficanalytics.coders.FieldsCoder;
import com.trafficanalytics.events.RejectReason;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;

/** {@link DeadLetter} carries its coder, which keeps every field, absent ones included. */
public class DeadLetterCoderTest {
  private static final Coder<DeadLetter> CODER = FieldsCoder.of(DeadLetter.class);

  @Test
  public void theRegistryFindsTheCoderFromTheType() throws Exception {
    assertSame(CODER, CoderRegistry.createDefault().getCoder(DeadLetter.class));
  }

  @Test
  public void everyFieldSurvivesEncodingWhetherPresentOrNot() throws Exception {
    for (RejectReason reason : RejectReason.values()) {
      CoderProperties.coderDecodeEncodeEqual(
          CODER,
          new DeadLetter(reason, "{\"user_id\": é}", "not JSON", "gs://b/in.json", 42L, "e30="));
      CoderProperties.coderDecodeEncodeEqual(
          CODER, new DeadLetter(reason, null, "unreadable", null, null, null));
    }
    CoderProperties.coderDeterministic(
        CODER,
        new DeadLetter(RejectReason.values()[0], "x", "why", null, 7L, null),
        new DeadLetter(RejectReason.values()[0], "x", "why", null, 7L, null));
  }

  @Test
  public void theBytesAreTheReasonsNameThenTheFieldsTheNullableOnesBehindAPresenceByte()
      throws Exception {
    RejectReason reason = RejectReason.values()[0];
    StringUtf8Coder text = StringUtf8Coder.of();
    NullableCoder<String> optionalText = NullableCoder.of(text);
    assertArrayEquals(
        Encodings.of()
            .then(text, reason.name())
            .then(optionalText, "x")
            .then(text, "why")
            .then(optionalText, null)
            .then(NullableCoder.of(VarLongCoder.of()), 7L)
            .then(optionalText, null)
            .bytes(),
        CoderUtils.encodeToByteArray(CODER, new DeadLetter(reason, "x", "why", null, 7L, null)));
  }
}

package com.trafficanalytics.deadletter;

import static org.junit.Assert.assertSame;

import com.trafficanalytics.events.RejectReason;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.Test;

/** {@link DeadLetter} carries its coder, which keeps every field, absent ones included. */
public class DeadLetterCoderTest {
  @Test
  public void theRegistryFindsTheCoderFromTheType() throws Exception {
    assertSame(DeadLetterCoder.of(), CoderRegistry.createDefault().getCoder(DeadLetter.class));
  }

  @Test
  public void everyFieldSurvivesEncodingWhetherPresentOrNot() throws Exception {
    for (RejectReason reason : RejectReason.values()) {
      CoderProperties.coderDecodeEncodeEqual(
          DeadLetterCoder.of(),
          new DeadLetter(reason, "{\"user_id\": é}", "not JSON", "gs://b/in.json", 42L, "e30="));
      CoderProperties.coderDecodeEncodeEqual(
          DeadLetterCoder.of(), new DeadLetter(reason, null, "unreadable", null, null, null));
    }
    CoderProperties.coderDeterministic(
        DeadLetterCoder.of(),
        new DeadLetter(RejectReason.values()[0], "x", "why", null, 7L, null),
        new DeadLetter(RejectReason.values()[0], "x", "why", null, 7L, null));
  }
}

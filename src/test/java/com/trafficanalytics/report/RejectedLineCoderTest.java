package com.trafficanalytics.report;

import static org.junit.Assert.assertSame;

import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.Test;

/** {@link RejectedLine} carries its coder, which keeps every field, an unknown source included. */
public class RejectedLineCoderTest {
  @Test
  public void theRegistryFindsTheCoderFromTheType() throws Exception {
    assertSame(RejectedLine.Coder.of(), CoderRegistry.createDefault().getCoder(RejectedLine.class));
  }

  @Test
  public void everyFieldSurvivesEncoding() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(
        RejectedLine.Coder.of(),
        new RejectedLine("invalid_json", "gs://b/in.json", 3, "{oops", "not JSON"));
    CoderProperties.coderDecodeEncodeEqual(
        RejectedLine.Coder.of(), new RejectedLine("line_too_long", null, -1, "", ""));
    CoderProperties.coderDeterministic(
        RejectedLine.Coder.of(),
        new RejectedLine("invalid_json", null, 1, "a", "b"),
        new RejectedLine("invalid_json", null, 1, "a", "b"));
  }
}

package com.trafficanalytics.report;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertSame;

import com.trafficanalytics.coders.Encodings;
import com.trafficanalytics.coders.FieldsCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;

/** {@link RejectedLine} carries its coder, which keeps every field, an unknown source included. */
public class RejectedLineCoderTest {
  private static final Coder<RejectedLine> CODER = FieldsCoder.of(RejectedLine.class);

  @Test
  public void theRegistryFindsTheCoderFromTheType() throws Exception {
    assertSame(CODER, CoderRegistry.createDefault().getCoder(RejectedLine.class));
  }

  @Test
  public void everyFieldSurvivesEncoding() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(
        CODER, new RejectedLine("invalid_json", "gs://b/in.json", 3, "{oops", "not JSON"));
    CoderProperties.coderDecodeEncodeEqual(
        CODER, new RejectedLine("line_too_long", null, -1, "", ""));
    CoderProperties.coderDeterministic(
        CODER,
        new RejectedLine("invalid_json", null, 1, "a", "b"),
        new RejectedLine("invalid_json", null, 1, "a", "b"));
  }

  @Test
  public void theBytesAreTheFieldsInOrderTheSourceBehindAPresenceByte() throws Exception {
    StringUtf8Coder text = StringUtf8Coder.of();
    assertArrayEquals(
        Encodings.of()
            .then(text, "invalid_json")
            .then(NullableCoder.of(text), "in.json")
            .then(VarLongCoder.of(), -1L)
            .then(text, "{oops")
            .then(text, "not JSON")
            .bytes(),
        CoderUtils.encodeToByteArray(
            CODER, new RejectedLine("invalid_json", "in.json", -1, "{oops", "not JSON")));
  }
}

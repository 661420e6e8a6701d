package com.trafficanalytics.analysis;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;

/**
 * {@link StatsByGroupCoder} reads back exactly what it wrote, in any context and beside other
 * values in one stream, and refuses a damaged block instead of inventing figures.
 */
public class StatsByGroupCoderTest {
  private static final StatsByGroupCoder<String> BY_USER =
      StatsByGroupCoder.of(StringUtf8Coder.of());
  private static final StatsByGroupCoder<Long> BY_WINDOW =
      StatsByGroupCoder.of(VarLongCoder.of());

  private static Map<String, TrafficStats> users(int count) {
    Map<String, TrafficStats> users = new HashMap<>();
    for (int i = 0; i < count; i++) {
      users.put("user-" + i + "-ü", TrafficStats.of(i + 1, 1000L * i, 900L * i, i));
    }
    return users;
  }

  @Test
  public void figuresSurviveEncodingIncludingTheExtremesAndAnEmptyMap() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(BY_USER, new HashMap<>());
    CoderProperties.coderDecodeEncodeEqual(BY_USER, users(1));
    CoderProperties.coderDecodeEncodeEqual(BY_USER, users(5_000));
    Map<Long, TrafficStats> windows = new HashMap<>();
    windows.put(0L, TrafficStats.ofEvent(0));
    windows.put(
        Long.MAX_VALUE, TrafficStats.of(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, 0));
    windows.put(-60_000L, TrafficStats.of(2, 10, 7, 3));
    CoderProperties.coderDecodeEncodeEqual(BY_WINDOW, windows);
    CoderProperties.coderSerializable(BY_USER);
  }

  @Test
  public void aMapReadsBackInTheMiddleOfAStream() throws Exception {
    // As in a KV, or in the DirectRunner's bags: what follows the map must still be there.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BY_USER.encode(users(3), out);
    StringUtf8Coder.of().encode("after", out);
    BY_USER.encode(users(2), out);
    ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
    assertEquals(users(3), BY_USER.decode(in));
    assertEquals("after", StringUtf8Coder.of().decode(in));
    assertEquals(users(2), BY_USER.decode(in));
    assertEquals(0, in.available());
  }

  @Test
  public void aDamagedBlockIsRefused() throws Exception {
    byte[] whole = CoderUtils.encodeToByteArray(BY_USER, users(10));
    byte[] cut = Arrays.copyOf(whole, whole.length - 3);
    assertThrows(IOException.class, () -> BY_USER.decode(new ByteArrayInputStream(cut)));
  }

  @Test
  public void coderOfOtherKeysIsAnotherCoder() {
    Coder<?> again = StatsByGroupCoder.of(StringUtf8Coder.of());
    assertEquals(BY_USER, again);
    assertNotEquals(BY_USER, BY_WINDOW);
  }
}

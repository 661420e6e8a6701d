package com.trafficanalytics.analysis;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.trafficanalytics.events.Event;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;

/**
 * {@link PackedFigures} give back, group for group, the figures packed into them, through their
 * coder too; a damaged block is refused; and {@link PartialTraffic#batches} packs every group once,
 * under its own key, in batches no larger than the bound.
 */
public class PackedFiguresTest {

  private static Map<String, TrafficStats> users(int count) {
    Map<String, TrafficStats> users = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      users.put("user-" + i + "-ü", TrafficStats.of(i + 1, 1000L * i, 900L * i, i));
    }
    return users;
  }

  private static <K> PackedFigures<K> pack(
      org.apache.beam.sdk.coders.Coder<K> keyCoder, Map<K, TrafficStats> groups) {
    PackedFigures.Builder<K> builder = PackedFigures.builder(keyCoder);
    groups.forEach(builder::add);
    return builder.build();
  }

  private static <K> Map<K, TrafficStats> unpack(PackedFigures<K> figures) {
    Map<K, TrafficStats> groups = new LinkedHashMap<>();
    figures.forEach(
        (group, stats) -> assertEquals("a group packed twice", null, groups.put(group, stats)));
    return groups;
  }

  @Test
  public void figuresComeBackInTheOrderTheyWerePackedIncludingTheExtremes() {
    Map<String, TrafficStats> users = users(2_000);
    PackedFigures<String> packed = pack(StringUtf8Coder.of(), users);
    assertEquals(2_000, packed.groups());
    assertEquals(List.copyOf(users.entrySet()), List.copyOf(unpack(packed).entrySet()));

    Map<Long, TrafficStats> windows = new LinkedHashMap<>();
    windows.put(Long.MIN_VALUE, TrafficStats.ofEvent(0));
    windows.put(
        Long.MAX_VALUE, TrafficStats.of(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, 0));
    windows.put(-60_000L, TrafficStats.of(2, 10, 7, 3));
    assertEquals(windows, unpack(pack(VarLongCoder.of(), windows)));

    assertEquals(Map.of(), unpack(pack(StringUtf8Coder.of(), Map.of())));
  }

  @Test
  public void theCoderWritesTheBytesAsTheyAreAndReadsThemBackBesideOtherValues() throws Exception {
    PackedFiguresCoder<String> coder = PackedFigures.coder(StringUtf8Coder.of());
    PackedFigures<String> three = pack(StringUtf8Coder.of(), users(3));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    coder.encode(three, out);
    StringUtf8Coder.of().encode("after", out);
    coder.encode(pack(StringUtf8Coder.of(), users(2)), out);
    ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
    assertEquals(users(3), unpack(coder.decode(in)));
    assertEquals("after", StringUtf8Coder.of().decode(in));
    assertEquals(users(2), unpack(coder.decode(in)));
    assertEquals(0, in.available());
    // The same bytes as a map of the same figures through StatsByGroupCoder: one format.
    assertTrue(
        Arrays.equals(
            CoderUtils.encodeToByteArray(coder, three),
            CoderUtils.encodeToByteArray(StatsByGroupCoder.of(StringUtf8Coder.of()), users(3))));
    CoderProperties.coderSerializable(coder);
  }

  @Test
  public void aDamagedBlockIsRefused() throws Exception {
    PackedFiguresCoder<String> coder = PackedFigures.coder(StringUtf8Coder.of());
    PackedFigures<String> ten = pack(StringUtf8Coder.of(), users(10));
    byte[] whole = CoderUtils.encodeToByteArray(coder, ten);
    byte[] cut = Arrays.copyOf(whole, whole.length - 3);
    assertThrows(IOException.class, () -> coder.decode(new ByteArrayInputStream(cut)));

    // The length still matches, but the block announces one group more than it holds.
    byte[] lying = whole.clone();
    lying[whole.length - ten.bytes().length]++; // the count of groups, after the length

    PackedFigures<String> damaged = coder.decode(new ByteArrayInputStream(lying));
    UncheckedIOException refused =
        assertThrows(UncheckedIOException.class, () -> damaged.forEach((group, stats) -> {}));
    assertTrue(refused.getCause() instanceof CoderException);
  }

  @Test
  public void batchesHoldEveryGroupOnceUnderItsKeyAndNoMoreThanTheBound() {
    UserTraffic analysis = new UserTraffic();
    PartialTraffic<String> partial = new PartialTraffic<>(analysis);
    Map<String, Long> pageviews = new HashMap<>();
    Map<String, Long> totalBytes = new HashMap<>();
    for (int i = 0; i < 5_000; i++) {
      String user = "u" + (i % 1_700);
      partial.add(new Event(user, 60_000L * (i % 7), 10 + i));
      pageviews.merge(user, 1L, Long::sum);
      totalBytes.merge(user, 10L + i, Long::sum);
    }
    KeySpace keySpace = KeySpace.of(3, 250);
    List<KV<Integer, PackedFigures<String>>> batches = partial.batches(keySpace);

    Map<String, TrafficStats> seen = new HashMap<>();
    for (KV<Integer, PackedFigures<String>> batch : batches) {
      assertTrue(batch.getValue().groups() <= 250);
      batch
          .getValue()
          .forEach(
              (user, stats) -> {
                assertEquals(keySpace.keyOf(user), (int) batch.getKey());
                assertEquals("packed twice: " + user, null, seen.put(user, stats));
              });
    }
    assertEquals(1_700, seen.size());
    seen.forEach(
        (user, stats) -> {
          assertEquals((long) pageviews.get(user), stats.pageviews());
          assertEquals((long) totalBytes.get(user), stats.totalBytes());
        });
    // 1,700 groups over 3 keys of at most 250 each: at least 7 batches.
    assertTrue(batches.size() >= 7);
  }
}

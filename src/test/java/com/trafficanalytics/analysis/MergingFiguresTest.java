package com.trafficanalytics.analysis;

import static org.junit.Assert.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;

/**
 * The merge's accumulator holds the same figures open or packed, and through its coder from
 * either form; packing it is what the runner's {@code compact} does before holding it.
 */
public class MergingFiguresTest {
  private static final Coder<MergingFigures<String>> CODER =
      MergingFigures.coder(StringUtf8Coder.of());

  private static Map<String, TrafficStats> users(int count) {
    Map<String, TrafficStats> users = new HashMap<>();
    for (int i = 0; i < count; i++) {
      users.put("user-" + i, TrafficStats.of(i + 1, 100L * i, 90L * i, i));
    }
    return users;
  }

  private static Map<String, TrafficStats> seen(MergingFigures<String> figures) {
    Map<String, TrafficStats> seen = new HashMap<>();
    figures.forEach((group, stats) -> assertEquals(null, seen.put(group, stats)));
    return seen;
  }

  private static MergingFigures<String> filled(Map<String, TrafficStats> groups) {
    MergingFigures<String> figures = MergingFigures.empty();
    figures.open().putAll(groups);
    return figures;
  }

  @Test
  public void packedFiguresAreTheSameFiguresAndOpenAgainIntoAMapOfTheirOwn() {
    MergingFigures<String> open = filled(users(1_500));
    MergingFigures<String> packed = open.compact(StringUtf8Coder.of());
    assertEquals(1_500, packed.groups());
    assertEquals(users(1_500), seen(packed));
    assertEquals(packed, packed.compact(StringUtf8Coder.of()));

    Map<String, TrafficStats> reopened = packed.open();
    assertEquals(users(1_500), reopened);
    reopened.put("new", TrafficStats.ofEvent(5));
    assertEquals(1_501, packed.groups());
    assertEquals(1_500, open.groups());
  }

  @Test
  public void theCoderReadsBackTheSameFiguresFromEitherForm() throws Exception {
    MergingFigures<String> open = filled(users(700));
    MergingFigures<String> fromOpen = CoderUtils.clone(CODER, open);
    MergingFigures<String> fromPacked =
        CoderUtils.clone(CODER, filled(users(700)).compact(StringUtf8Coder.of()));
    assertEquals(users(700), seen(fromOpen));
    assertEquals(users(700), fromPacked.open());
    assertEquals(0, CoderUtils.clone(CODER, MergingFigures.<String>empty()).groups());
  }
}

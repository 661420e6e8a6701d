package com.trafficanalytics.analysis;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;

import java.util.SplittableRandom;
import org.junit.Test;

/** The key space's sizing rule, and the spread of real-looking ids over its keys. */
public class KeySpaceTest {

  @Test
  public void smallInputsKeepTheMinimumAndLargeOnesGrow() {
    assertEquals(KeySpace.MIN_KEYS, KeySpace.forInputBytes(0).keys());
    assertEquals(KeySpace.MIN_KEYS, KeySpace.forInputBytes(1_000_000).keys());
    // 10^9 events of the lab's ~320 bytes: room for every line being its own group.
    long bytes = 320_000_000_000L;
    KeySpace day = KeySpace.forInputBytes(bytes);
    long mostGroups = bytes / KeySpace.MIN_EVENT_BYTES;
    assertThat(
        (long) day.keys() * (KeySpace.MAX_GROUPS_PER_ELEMENT / 2),
        greaterThanOrEqualTo(mostGroups));
    assertEquals(Integer.MAX_VALUE, KeySpace.forInputBytes(Long.MAX_VALUE).keys());
  }

  @Test
  public void oneProcessHasAKeyPerThreadAndKeepsTheBoundPerElement() {
    KeySpace local = KeySpace.forOneProcess(3);
    assertEquals(3, local.keys());
    assertEquals(KeySpace.MAX_GROUPS_PER_ELEMENT, local.maxGroupsPerElement());
    assertEquals(1, KeySpace.forOneProcess(0).keys());
  }

  /**
   * The worst case the sizing plans for, measured: an input where every line is its own group,
   * with the lab's ids (random signed longs as text) and with sequential ids, and every window of
   * one second: the fullest key stays well under the bound.
   */
  @Test
  public void whenEveryLineIsAGroupTheFullestKeyStaysUnderTheBound() {
    long groups = 2_000_000;
    KeySpace keys = KeySpace.forInputBytes(groups * KeySpace.MIN_EVENT_BYTES);
    SplittableRandom random = new SplittableRandom(42);
    int[] lab = new int[keys.keys()];
    int[] sequential = new int[keys.keys()];
    int[] windows = new int[keys.keys()];
    for (long i = 0; i < groups; i++) {
      lab[keys.keyOf(Long.toString(random.nextLong()))]++;
      sequential[keys.keyOf("user" + i)]++;
      windows[keys.keyOf(1_772_726_400_000L + i * 1000)]++;
    }
    for (int[] counts : new int[][] {lab, sequential, windows}) {
      int fullest = 0;
      for (int count : counts) {
        fullest = Math.max(fullest, count);
      }
      assertThat(fullest, lessThanOrEqualTo(KeySpace.MAX_GROUPS_PER_ELEMENT * 3 / 4));
    }
  }
}

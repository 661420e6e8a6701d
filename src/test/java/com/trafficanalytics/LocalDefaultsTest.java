package com.trafficanalytics;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.arrayContaining;

import org.junit.Test;

/** A command-line run turns the DirectRunner's enforcement checks off unless it sets them. */
public class LocalDefaultsTest {

  @Test
  public void checksAreOffUnlessGiven() {
    assertThat(
        TrafficAnalyticsPipeline.withLocalDefaults(new String[] {"--inputPath=x"}),
        arrayContaining("--inputPath=x", "--enforceImmutability=false", "--enforceEncodability=false"));
  }

  @Test
  public void aGivenSettingIsKept() {
    assertThat(
        TrafficAnalyticsPipeline.withLocalDefaults(
            new String[] {"--enforceImmutability=true", "--inputPath=x"}),
        arrayContaining("--enforceImmutability=true", "--inputPath=x", "--enforceEncodability=false"));
  }
}

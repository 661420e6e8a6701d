package com.trafficanalytics;

import com.trafficanalytics.analysis.MinuteTraffic;
import com.trafficanalytics.analysis.TrafficAnalysis;
import com.trafficanalytics.analysis.UserTraffic;
import com.trafficanalytics.options.Mode;
import com.trafficanalytics.options.TrafficAnalyticsOptions;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The analyses the job offers: which {@code --mode} runs which, the option that names each one's
 * BigQuery table, and how each is built from its options. A new analysis is one entry here.
 */
public final class Analyses {

  /** One analysis the job can run, in output order. */
  private enum Offered {
    USER_TRAFFIC(
        UserTraffic.NAME, "userTrafficTable", TrafficAnalyticsOptions::getUserTrafficTable) {
      @Override
      TrafficAnalysis<?> create(TrafficAnalyticsOptions options) {
        return new UserTraffic();
      }
    },
    MINUTE_TRAFFIC(
        MinuteTraffic.NAME, "minuteTrafficTable", TrafficAnalyticsOptions::getMinuteTrafficTable) {
      @Override
      TrafficAnalysis<?> create(TrafficAnalyticsOptions options) {
        return new MinuteTraffic(options.getWindowSeconds());
      }
    };

    final String name;
    final String tableOption;
    final Function<TrafficAnalyticsOptions, @Nullable String> table;

    Offered(
        String name,
        String tableOption,
        Function<TrafficAnalyticsOptions, @Nullable String> table) {
      this.name = name;
      this.tableOption = tableOption;
      this.table = table;
    }

    abstract TrafficAnalysis<?> create(TrafficAnalyticsOptions options);

    boolean runsIn(Mode mode) {
      // A mode's value is the name of the analysis it runs, or "both".
      return mode == Mode.BOTH || mode.optionValue().equals(name);
    }
  }

  /** The names of the analyses {@code mode} runs, in output order. */
  public static List<String> namesOf(Mode mode) {
    return Arrays.stream(Offered.values()).filter(a -> a.runsIn(mode)).map(a -> a.name).toList();
  }

  /** The names of every analysis the job offers. */
  static List<String> allNames() {
    return Arrays.stream(Offered.values()).map(a -> a.name).toList();
  }

  /** The analyses {@code mode} runs, built from checked options, in output order. */
  static List<TrafficAnalysis<?>> of(Mode mode, TrafficAnalyticsOptions options) {
    return Arrays.stream(Offered.values())
        .filter(a -> a.runsIn(mode))
        .<TrafficAnalysis<?>>map(a -> a.create(options))
        .toList();
  }

  /** The option that names the BigQuery table of the analysis {@code name}. */
  static String tableOption(String name) {
    return offered(name).tableOption;
  }

  /** The BigQuery table given for the analysis {@code name}, or null: its rows go to files. */
  static @Nullable String table(String name, TrafficAnalyticsOptions options) {
    return offered(name).table.apply(options);
  }

  private static Offered offered(String name) {
    return Arrays.stream(Offered.values())
        .filter(a -> a.name.equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no analysis named " + name));
  }

  private Analyses() {}
}

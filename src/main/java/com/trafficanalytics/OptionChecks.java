package com.trafficanalytics;

import com.trafficanalytics.analysis.MinuteTraffic;
import com.trafficanalytics.events.EventTimestamps;
import com.trafficanalytics.options.Choice;
import com.trafficanalytics.options.InvalidOptionException;
import com.trafficanalytics.options.Mode;
import com.trafficanalytics.options.TableWriteDisposition;
import com.trafficanalytics.options.TrafficAnalyticsOptions;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.WriteDisposition;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * What is wrong with a run's options, found before anything runs: each mistake is one line that
 * names the option and the fix ({@link InvalidOptionException}, exit code 2). Where the outputs go
 * is checked by {@link OutputPlan}, the input files by {@link InputFiles}.
 */
final class OptionChecks {
  private static final int DEFAULT_WINDOW_SECONDS = 60;

  private static final NumberRange WINDOW_SECONDS =
      // Wider windows could start before the first day BigQuery's TIMESTAMP holds.
      NumberRange.wholeNumber(
          "windowSeconds", "seconds", EventTimestamps.MAX_WINDOW_SECONDS, "60");
  private static final NumberRange MAX_LINE_BYTES =
      NumberRange.wholeNumber("maxLineBytes", "bytes", "1048576");
  private static final NumberRange MAX_DEAD_LETTER_RATIO =
      NumberRange.fraction("maxDeadLetterRatio", "0.01 for 1%");

  /**
   * Checks the command line as written, for what Beam's parser would refuse in words that do not
   * name the option (a number too large for its type, an option given twice) or accept silently
   * (an empty value, which for a text option would mean "" instead of the default).
   */
  static void checkArguments(String[] args) throws InvalidOptionException {
    Map<String, String> seen = new HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        continue; // Beam's parser names such an argument itself.
      }
      int equals = arg.indexOf('=');
      String name = arg.substring(2, equals < 0 ? arg.length() : equals);
      Optional<Class<?>> type = optionType(name);
      if (type.isEmpty()) {
        continue; // An unknown name: Beam's parser says so and suggests the nearest one.
      }
      boolean flag = type.get() == boolean.class || type.get() == Boolean.class;
      if (equals < 0) {
        if (!flag) {
          throw new InvalidOptionException(
              "--" + name + " needs a value; write --" + name + "=VALUE");
        }
        continue;
      }
      String value = arg.substring(equals + 1);
      if (value.isBlank()) {
        throw empty(name);
      }
      boolean manyValues =
          Collection.class.isAssignableFrom(type.get())
              || Map.class.isAssignableFrom(type.get())
              || type.get().isArray();
      String earlier = seen.put(name, value);
      if (earlier != null && !manyValues) {
        throw new InvalidOptionException(
            "--" + name + " is given twice (" + earlier + " and " + value + "); give it once"
                + (name.equals("inputPath") ? ", with a pattern for many files such as"
                    + " 'logs/*.json'" : ""));
      }
      for (NumberRange number : List.of(WINDOW_SECONDS, MAX_LINE_BYTES, MAX_DEAD_LETTER_RATIO)) {
        if (number.option().equals(name) && !number.parses(value)) {
          throw number.outOfRange(value);
        }
      }
    }
  }

  /**
   * Checks the values of parsed options.
   *
   * @return lines for the start-up log about options this run ignores (those of an analysis that
   *     does not run: the Console's form sends every parameter, so they are not an error)
   */
  static List<String> check(TrafficAnalyticsOptions options) throws InvalidOptionException {
    checkNoEmptyText(options);
    String input = options.getInputPath();
    if (input == null) {
      throw new InvalidOptionException(
          "--inputPath is required: the events to read, e.g. --inputPath=data/events.json or"
              + " --inputPath=gs://my-bucket/logs/*.json.gz");
    }
    Mode mode = mode(options.getMode());
    MAX_LINE_BYTES.check(options.getMaxLineBytes());
    if (options.getMaxDeadLetterRatio() != null) {
      MAX_DEAD_LETTER_RATIO.check(options.getMaxDeadLetterRatio());
    }
    writeDisposition(options.getWriteDisposition());

    List<String> ignored = new ArrayList<>();
    List<String> running = Analyses.namesOf(mode);
    if (running.contains(MinuteTraffic.NAME)) {
      WINDOW_SECONDS.check(options.getWindowSeconds());
    } else if (options.getWindowSeconds() != DEFAULT_WINDOW_SECONDS) {
      ignored.add(ignored("windowSeconds", mode));
    }
    for (String analysis : Analyses.allNames()) {
      if (!running.contains(analysis) && Analyses.table(analysis, options) != null) {
        ignored.add(ignored(Analyses.tableOption(analysis), mode));
      }
    }
    return ignored;
  }

  /** The mode {@code --mode=value} names. */
  static Mode mode(String value) throws InvalidOptionException {
    return Choice.parse(Mode.class, "mode", value);
  }

  /** The BigQuery write disposition {@code --writeDisposition=value} names. */
  static WriteDisposition writeDisposition(String value) throws InvalidOptionException {
    TableWriteDisposition choice =
        Choice.parse(TableWriteDisposition.class, "writeDisposition", value);
    return WriteDisposition.valueOf(choice.name());
  }

  /**
   * An empty text option is a mistake (an unset shell variable, say), never "the default": the
   * same rule as on the command line, for options set in code.
   */
  private static void checkNoEmptyText(TrafficAnalyticsOptions options)
      throws InvalidOptionException {
    for (Method getter : TrafficAnalyticsOptions.class.getDeclaredMethods()) {
      if (getter.getParameterCount() == 0
          && getter.getReturnType() == String.class
          && getter.getName().startsWith("get")) {
        String value;
        try {
          value = (String) getter.invoke(options);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
        if (value != null && value.isBlank()) {
          throw empty(optionName(getter));
        }
      }
    }
  }

  /** The type of the option {@code name} in any registered options interface, if it has one. */
  private static Optional<Class<?>> optionType(String name) {
    for (Class<? extends PipelineOptions> options : PipelineOptionsFactory.getRegisteredOptions()) {
      for (Method getter : options.getMethods()) {
        if (getter.getParameterCount() == 0 && optionName(getter).equals(name)) {
          return Optional.of(getter.getReturnType());
        }
      }
    }
    return Optional.empty();
  }

  private static String optionName(Method getter) {
    String name = getter.getName();
    int prefix = name.startsWith("get") ? 3 : name.startsWith("is") ? 2 : -1;
    if (prefix < 0 || name.length() == prefix) {
      return "";
    }
    return Character.toLowerCase(name.charAt(prefix)) + name.substring(prefix + 1);
  }

  private static InvalidOptionException empty(String name) {
    return new InvalidOptionException(
        "--" + name + " is empty; give it a value, or leave it out to use its default");
  }

  private static String ignored(String option, Mode mode) {
    return "Ignoring --" + option + ": --mode=" + mode.optionValue() + " does not use it";
  }

  private OptionChecks() {}
}

package com.trafficanalytics.bench;

import com.trafficanalytics.Analyses;
import com.trafficanalytics.options.Choice;
import com.trafficanalytics.options.Mode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name=value} arguments of the harness's small programs, checked against the names a
 * program accepts so that a typo in {@code bench/run.sh} fails at once instead of being ignored.
 */
final class BenchArgs {

  private final String program;
  private final Map<String, String> values = new HashMap<>();

  private BenchArgs(String program) {
    this.program = program;
  }

  /** Parses {@code args}; exits with code 2 and a message on an unknown or malformed argument. */
  static BenchArgs parse(String program, String[] args, Set<String> allowed) {
    BenchArgs parsed = new BenchArgs(program);
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String name = arg.startsWith("--") && eq > 2 ? arg.substring(2, eq) : null;
      if (name == null || !allowed.contains(name)) {
        throw usage(program, "unexpected argument '" + arg + "'; accepted: --" + String.join("=, --", allowed) + "=");
      }
      parsed.values.put(name, arg.substring(eq + 1));
    }
    return parsed;
  }

  /** The value of a required argument. */
  String required(String name) {
    String value = values.get(name);
    if (value == null || value.isEmpty()) {
      throw usage(program, "missing --" + name + "=...");
    }
    return value;
  }

  /** The value of an optional argument, or {@code fallback}. */
  String optional(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /**
   * The tables the pipeline writes in {@code --mode=mode}, from the pipeline's own mapping; exits
   * with code 2 on an unknown mode.
   */
  static List<String> tablesOf(String mode) {
    return Choice.find(Mode.class, mode)
        .map(Analyses::namesOf)
        .orElseThrow(
            () ->
                usage("bench", "unknown mode '" + mode + "'; use " + Choice.valuesOf(Mode.class)));
  }

  private static RuntimeException usage(String program, String message) {
    System.err.println(program + ": " + message);
    System.exit(2);
    return new IllegalStateException("unreachable");
  }
}

package com.trafficanalytics.template;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * cloudbuild.yaml as Cloud Build reads it: its steps, its substitutions' defaults, and a step's
 * bash script with substitutions applied the way Cloud Build applies them.
 */
final class CloudBuildConfig {

  static final Path FILE = Path.of("cloudbuild.yaml");

  private static final Pattern SUBSTITUTION =
      Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

  private final Map<String, Object> config;

  private CloudBuildConfig(Map<String, Object> config) {
    this.config = config;
  }

  @SuppressWarnings("unchecked")
  static CloudBuildConfig load() {
    try (Reader reader = Files.newBufferedReader(FILE, StandardCharsets.UTF_8)) {
      return new CloudBuildConfig(
          (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(reader));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The parsed file. */
  Map<String, Object> tree() {
    return config;
  }

  /** The declared substitutions and their default values, as written. */
  @SuppressWarnings("unchecked")
  Map<String, String> substitutionDefaults() {
    Map<String, String> defaults = new LinkedHashMap<>();
    ((Map<String, Object>) config.get("substitutions"))
        .forEach((name, value) -> defaults.put(name, value == null ? "" : String.valueOf(value)));
    return defaults;
  }

  /**
   * The value of every declared substitution for a build: its default, with the built-in
   * substitutions it names filled in (cloudbuild.yaml turns on dynamic substitutions), then the
   * overrides, as {@code --substitutions} gives them; the built-ins are included.
   */
  Map<String, String> values(Map<String, String> builtIns, Map<String, String> overrides) {
    Map<String, String> values = new LinkedHashMap<>(builtIns);
    substitutionDefaults().forEach((name, value) -> values.put(name, substitute(value, builtIns)));
    values.putAll(overrides);
    return values;
  }

  @SuppressWarnings("unchecked")
  List<Map<String, Object>> steps() {
    return (List<Map<String, Object>>) config.get("steps");
  }

  Map<String, Object> step(String id) {
    return steps().stream()
        .filter(s -> id.equals(s.get("id")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no step " + id + " in " + FILE));
  }

  @SuppressWarnings("unchecked")
  static List<String> args(Map<String, Object> step) {
    return ((List<Object>) step.get("args"))
        .stream().map(String::valueOf).collect(Collectors.toList());
  }

  /** The script a {@code bash -c} step runs, as written (substitutions not applied). */
  String script(String stepId) {
    List<String> args = args(step(stepId));
    if (!"bash".equals(step(stepId).get("entrypoint")) || !"-c".equals(args.get(0))) {
      throw new AssertionError("step " + stepId + " is not a bash -c script");
    }
    return args.get(1);
  }

  /**
   * Text as Cloud Build runs it: {@code $NAME} and {@code ${NAME}} replaced by the values given,
   * {@code $$} by a literal {@code $}. A name without a value is an error, as in Cloud Build.
   */
  static String substitute(String text, Map<String, String> values) {
    Matcher matcher = SUBSTITUTION.matcher(text);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      String replacement;
      if (matcher.group().equals("$$")) {
        replacement = "$";
      } else {
        String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
        replacement = values.get(name);
        if (replacement == null) {
          throw new AssertionError("no value for substitution " + name);
        }
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
    }
    return matcher.appendTail(result).toString();
  }
}

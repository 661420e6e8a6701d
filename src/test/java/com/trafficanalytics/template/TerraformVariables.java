package com.trafficanalytics.template;

import com.trafficanalytics.template.OptionParameters.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Terraform module's generated file, {@code terraform/parameters.tf}: one input variable per
 * template parameter (same name, its help text, its regexes as a validation) and the local map
 * that {@code main.tf} hands to the job's {@code parameters}. The rest of the module (the job's
 * own variables, the resource, outputs, provider versions) is written by hand.
 *
 * <p>The text is laid out as {@code terraform fmt} lays it out (aligned {@code =}), which {@code
 * TerraformModuleTest} checks with the real binary where it is installed.
 */
public final class TerraformVariables {

  /** The generated file, relative to the project directory. */
  public static final String FILE = "terraform/parameters.tf";

  /** The local value, in {@code parameters.tf}, that holds every parameter by name. */
  public static final String LOCAL = "template_parameters";

  private TerraformVariables() {}

  /** The file's text. */
  public static String file(List<Parameter> parameters, String regenerateCommand) {
    StringBuilder tf = new StringBuilder();
    tf.append("# Generated from the @TemplateParameter annotations of TrafficAnalyticsOptions.\n")
        .append("# Do not edit: change the options, then run\n")
        .append("#   ")
        .append(regenerateCommand)
        .append("\n");
    for (Parameter parameter : parameters) {
      tf.append("\n").append(variable(parameter));
    }
    Map<String, String> entries = new LinkedHashMap<>();
    for (Parameter parameter : parameters) {
      String value = "var." + parameter.name();
      // The job's parameters are strings; tostring(null) stays null, so unset stays unset.
      entries.put(parameter.name(), isNumber(parameter) ? "tostring(" + value + ")" : value);
    }
    tf.append("\nlocals {\n")
        .append("  # Every template parameter by name, as the job's string parameters; main.tf\n")
        .append("  # leaves out the null ones, so an unset parameter keeps the template's default.\n")
        .append("  ")
        .append(LOCAL)
        .append(" = {\n")
        .append(aligned(entries, "    "))
        .append("  }\n")
        .append("}\n");
    return tf.toString();
  }

  private static String variable(Parameter parameter) {
    String value =
        isNumber(parameter) ? "tostring(var." + parameter.name() + ")" : "var." + parameter.name();
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("description", quoted(description(parameter)));
    attributes.put("type", isNumber(parameter) ? "number" : "string");
    if (!parameter.required()) {
      attributes.put("default", "null");
    }
    List<String> checks = new ArrayList<>();
    for (String regex : parameter.regexes()) {
      checks.add("can(regex(" + quoted(regex) + ", " + value + "))");
    }
    String condition = String.join(" && ", checks);
    if (!parameter.required()) {
      String all = checks.size() > 1 ? "(" + condition + ")" : condition;
      condition = "var." + parameter.name() + " == null || " + all;
    }
    Map<String, String> validation = new LinkedHashMap<>();
    validation.put("condition", condition);
    validation.put(
        "error_message",
        quoted(
            "Parameter "
                + parameter.name()
                + " must match "
                + String.join(" and ", parameter.regexes())
                + ", for example "
                + parameter.example()
                + "."));
    return "variable \""
        + parameter.name()
        + "\" {\n"
        + aligned(attributes, "  ")
        + "\n  validation {\n"
        + aligned(validation, "    ")
        + "  }\n}\n";
  }

  private static String description(Parameter parameter) {
    String text = parameter.helpText() + ".";
    if (parameter.defaultValue().isPresent()) {
      text += " Default: " + parameter.defaultValue().get() + ".";
    }
    if (!parameter.parentTriggerValues().isEmpty()) {
      text +=
          " Used when "
              + parameter.parentName().orElseThrow()
              + " is "
              + String.join(" or ", parameter.parentTriggerValues())
              + ".";
    }
    return text;
  }

  private static boolean isNumber(Parameter parameter) {
    return Number.class.isAssignableFrom(parameter.javaType());
  }

  /** {@code key = value} lines with the {@code =} aligned, as terraform fmt does. */
  private static String aligned(Map<String, String> attributes, String indent) {
    int width = attributes.keySet().stream().mapToInt(String::length).max().orElse(0);
    return attributes.entrySet().stream()
        .map(e -> indent + pad(e.getKey(), width) + " = " + e.getValue() + "\n")
        .collect(Collectors.joining());
  }

  private static String pad(String key, int width) {
    return key + " ".repeat(width - key.length());
  }

  /** An HCL quoted string: escapes, and template sequences turned into literal text. */
  static String quoted(String text) {
    String escaped =
        text.replace("\\", "\\\\")
            .replace("\"", "\\\"")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("${", "$${")
            .replace("%{", "%%{");
    return "\"" + escaped + "\"";
  }
}

package com.trafficanalytics.template;

import com.trafficanalytics.template.OptionParameters.Parameter;
import java.util.List;
import java.util.stream.Collectors;

/** The README's options table, written from the parameters between two marker lines. */
public final class ReadmeOptionsTable {

  /** The line that opens the generated table. */
  public static final String BEGIN =
      "<!-- BEGIN GENERATED OPTIONS TABLE: edit TrafficAnalyticsOptions, then regenerate -->";

  /** The line that closes it. */
  public static final String END = "<!-- END GENERATED OPTIONS TABLE -->";

  private ReadmeOptionsTable() {}

  /** {@code readme} with the text between the markers replaced by the table. */
  public static String spliceInto(String readme, List<Parameter> parameters) {
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalStateException(
          "README.md must hold the lines\n" + BEGIN + "\n" + END + "\naround the options table");
    }
    return readme.substring(0, begin + BEGIN.length())
        + "\n"
        + table(parameters)
        + readme.substring(end);
  }

  /** The table in Markdown, one row per parameter, each line ending in a newline. */
  public static String table(List<Parameter> parameters) {
    StringBuilder table = new StringBuilder();
    table.append("| option | default | shown for mode | meaning |\n");
    table.append("| --- | --- | --- | --- |\n");
    for (Parameter parameter : parameters) {
      table
          .append("| `--")
          .append(parameter.name())
          .append("` | ")
          .append(defaultCell(parameter))
          .append(" | ")
          .append(modesCell(parameter))
          .append(" | ")
          .append(escape(parameter.description()))
          .append(" Example: `")
          .append(parameter.commandLineExample())
          .append("` |\n");
    }
    return table.toString();
  }

  private static String defaultCell(Parameter parameter) {
    if (parameter.defaultValue().isPresent()) {
      return "`" + parameter.defaultValue().get() + "`";
    }
    return parameter.required() ? "(required)" : "none";
  }

  private static String modesCell(Parameter parameter) {
    if (parameter.parentTriggerValues().isEmpty()) {
      return "all";
    }
    return parameter.parentTriggerValues().stream()
        .map(value -> "`" + value + "`")
        .collect(Collectors.joining(", "));
  }

  private static String escape(String text) {
    return text.replace("|", "\\|");
  }
}

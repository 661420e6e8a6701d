package com.trafficanalytics.options;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Reads the table specs users write into the one form BigQueryIO takes. */
final class BigQueryTables {
  // The same pattern as the template metadata's, so the Console form and the options agree.
  private static final Pattern SPEC = Pattern.compile(ParameterPatterns.BIGQUERY_TABLE);

  /**
   * The table as {@code PROJECT:DATASET.TABLE}.
   *
   * @param option the option that gave the spec, for the error message
   * @param spec {@code PROJECT:DATASET.TABLE}, {@code PROJECT.DATASET.TABLE} or {@code DATASET.TABLE}
   * @param defaultProject the project of a {@code DATASET.TABLE} spec, or null when none was given
   */
  static String canonical(String option, String spec, @Nullable String defaultProject)
      throws InvalidOptionException {
    Matcher m = SPEC.matcher(spec.trim());
    if (!m.matches()) {
      throw new InvalidOptionException(
          "--" + option + "=" + spec + " is not a BigQuery table; write PROJECT:DATASET.TABLE,"
              + " PROJECT.DATASET.TABLE or DATASET.TABLE, e.g. my-project:logs." + defaultName(option));
    }
    String project = m.group(1);
    if (project == null) {
      if (defaultProject == null || defaultProject.isEmpty()) {
        throw new InvalidOptionException(
            "--" + option + "=" + spec + " names no project; give --project=PROJECT or write"
                + " PROJECT:" + spec);
      }
      project = defaultProject;
    }
    return project + ":" + m.group(2) + "." + m.group(3);
  }

  /** The dataset part of a canonical spec, with its project: {@code PROJECT:DATASET}. */
  static String datasetOf(String canonicalSpec) {
    return canonicalSpec.substring(0, canonicalSpec.lastIndexOf('.'));
  }

  private static String defaultName(String option) {
    return option.replace("Table", "").replaceAll("([A-Z])", "_$1").toLowerCase();
  }

  private BigQueryTables() {}
}

package com.trafficanalytics;

import com.google.api.services.bigquery.model.TableReference;
import com.trafficanalytics.options.InvalidOptionException;
import com.trafficanalytics.options.ParameterPatterns;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryHelpers;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads the table specs users write into the one form BigQueryIO takes. Beam's own parser ({@link
 * BigQueryHelpers#parseTableSpec}, the one BigQueryIO applies) decides the forms; only what
 * BigQuery refuses and that parser lets through is checked here, with the template metadata's
 * regex, so that such a name is an option error before the run and not a failed load job after
 * it.
 */
final class BigQueryTables {
  // What BigQuery and Beam's parser both take; the template metadata's regex, so the Console form
  // refuses exactly what this refuses (a project id of 6 to 30 characters, a dataset of ASCII
  // word characters, a table name without the "$" and "@" decorators that Beam would let through).
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
    TableReference table;
    try {
      table = BigQueryHelpers.parseTableSpec(spec.trim());
    } catch (IllegalArgumentException e) {
      throw notATable(option, spec, "");
    }
    if (!SPEC.matcher(spec.trim()).matches()) {
      throw notATable(
          option,
          spec,
          " (a project id is 6 to 30 lower-case letters, digits and dashes; a dataset holds only"
              + " letters, digits and underscores; a table name no $ or @)");
    }
    String project = table.getProjectId();
    if (project == null) {
      if (defaultProject == null || defaultProject.isEmpty()) {
        throw new InvalidOptionException(
            "--" + option + "=" + spec + " names no project; give --project=PROJECT or write"
                + " PROJECT:" + spec);
      }
      project = defaultProject;
    }
    return project + ":" + table.getDatasetId() + "." + table.getTableId();
  }

  /** The dataset part of a canonical spec, with its project: {@code PROJECT:DATASET}. */
  static String datasetOf(String canonicalSpec) {
    return canonicalSpec.substring(0, canonicalSpec.lastIndexOf('.'));
  }

  private static InvalidOptionException notATable(String option, String spec, String why) {
    return new InvalidOptionException(
        "--" + option + "=" + spec + " is not a BigQuery table" + why + "; write"
            + " PROJECT:DATASET.TABLE, PROJECT.DATASET.TABLE or DATASET.TABLE, e.g."
            + " my-project:logs." + defaultName(option));
  }

  private static String defaultName(String option) {
    return option.replace("Table", "").replaceAll("([A-Z])", "_$1").toLowerCase();
  }

  private BigQueryTables() {}
}

package com.trafficanalytics;

import com.google.api.services.bigquery.model.TableReference;
import com.trafficanalytics.options.InvalidOptionException;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryHelpers;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads the table specs users write into the one form BigQueryIO takes. Beam's own parser ({@link
 * BigQueryHelpers#parseTableSpec}, the one BigQueryIO applies) decides the forms; only what
 * BigQuery refuses and that parser lets through is checked here, so that such a name is an
 * option error before the run and not a failed load job after it.
 */
final class BigQueryTables {
  // Beam lets a project id hold ":" and "." anywhere, so "p:logs.v1.t" reads as project "p:logs";
  // a project id is 6 to 30 of [a-z0-9-], after an optional "example.com:" domain.
  private static final Pattern PROJECT =
      Pattern.compile("(?:[a-z0-9-]+(?:\\.[a-z0-9-]+)+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]");

  // Beam lets a dataset hold "-" and "."; BigQuery allows letters, digits and underscores only.
  private static final Pattern DATASET = Pattern.compile("[A-Za-z0-9_]+");

  // Beam lets a table name hold "$" (a partition decorator) and "@" (a snapshot): neither names a
  // table this job can create and fill, so a name is letters, marks, numbers, "_", "-" and spaces.
  private static final Pattern DECORATOR = Pattern.compile("[$@]");

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
    if (table.getProjectId() != null && !PROJECT.matcher(table.getProjectId()).matches()) {
      throw notATable(
          option, spec, " (a project id is 6 to 30 lower-case letters, digits and dashes)");
    }
    if (!DATASET.matcher(table.getDatasetId()).matches()) {
      throw notATable(option, spec, " (a dataset name holds only letters, digits and underscores)");
    }
    if (DECORATOR.matcher(table.getTableId()).find()) {
      throw notATable(option, spec, " (a table name cannot hold $ or @: no decorators)");
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

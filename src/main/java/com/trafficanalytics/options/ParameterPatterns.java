package com.trafficanalytics.options;

/**
 * The regexes that parameter values must match, shared by the option checks and the template
 * metadata, so the Console form refuses exactly what a launch would refuse: those a parameter
 * names in {@code @TemplateParameter(regexes = ...)}, and the table's, which the checks also use.
 * (A Cloud Storage type's regex, used by that type alone, is on {@link TemplateParameter.Type}.)
 *
 * <p>Each is written in the common part of Java's and RE2's syntax (no lookaround, no
 * back-references, no named groups, no repeat count above 1000): Google's side may check values
 * with either, and Terraform's {@code regex} is RE2. Every one matches a whole value.
 */
public final class ParameterPatterns {

  /** A character a table name may start or end with (inner spaces are also allowed). */
  private static final String TABLE_CHARACTER = "[\\p{L}\\p{M}\\p{N}_-]";

  /**
   * A BigQuery table as {@code PROJECT:DATASET.TABLE}, {@code PROJECT.DATASET.TABLE} or {@code
   * DATASET.TABLE}; group 1 is the project (possibly domain-scoped, {@code example.com:my-project}),
   * group 2 the dataset, group 3 the table.
   *
   * <p>What both BigQuery and Beam's table-spec parser (which BigQueryIO applies to the spec) take:
   * a project id is 6 to 30 lower-case letters, digits and dashes, starting with a letter; a
   * dataset, ASCII letters, digits and underscores; a table, Unicode letters, marks and digits,
   * underscores, dashes and inner spaces. (BigQuery would take other dashes and spaces too, and
   * Beam would take {@code $} and {@code @}; a name one of them refuses is refused here, at the
   * start, instead of failing the run.) Lengths beyond RE2's repeat limit are left to BigQuery.
   */
  public static final String BIGQUERY_TABLE =
      "^(?:((?:[a-z0-9][-a-z0-9.]*[a-z0-9]:)?[a-z][-a-z0-9]{4,28}[a-z0-9])[:.])?"
          + "([A-Za-z0-9_]+)\\."
          + "("
          + TABLE_CHARACTER
          + "(?:[\\p{L}\\p{M}\\p{N}_ -]*"
          + TABLE_CHARACTER
          + ")?)$";

  /** A whole number from 1 to 999,999,999 (it fits an int; no sign, no grouping). */
  public static final String POSITIVE_INTEGER = "^[1-9][0-9]{0,8}$";

  /** A decimal fraction from 0 to 1: {@code 0}, {@code 0.01}, {@code .5}, {@code 1}. */
  public static final String FRACTION = "^(0(\\.[0-9]*)?|\\.[0-9]+|1(\\.0*)?)$";

  /** A run date: {@code YYYY-MM-DD}, {@code today} or {@code yesterday} (UTC). */
  public static final String RUN_DATE = "^([0-9]{4}-[0-9]{2}-[0-9]{2}|today|yesterday)$";

  private ParameterPatterns() {}
}

package com.trafficanalytics.table;

import com.google.api.client.util.ArrayMap;
import com.google.api.services.bigquery.model.Clustering;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableRow;
import com.google.api.services.bigquery.model.TableSchema;
import com.google.api.services.bigquery.model.TimePartitioning;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What one output of the pipeline looks like, whichever sink receives it: the BigQuery columns (the
 * same names the JSON files use) and the table layout that makes the usual queries cheap. (Its
 * folder and default table are named after the analysis, where the output plan places it.)
 *
 * @param columns the columns, in output order
 * @param dayPartitionColumn a TIMESTAMP or DATE column to partition the table by day, or null
 * @param clusteringColumns columns to cluster the table by (may be empty)
 */
public record OutputTable(
    List<TableFieldSchema> columns,
    @Nullable String dayPartitionColumn,
    List<String> clusteringColumns) {

  /** The DATE column of the rows a dated run ({@code --runDate}) loads into BigQuery. */
  public static final String RUN_DATE_COLUMN = "run_date";

  /** A column that every row has. */
  public static TableFieldSchema required(String name, String type) {
    return new TableFieldSchema().setName(name).setType(type).setMode("REQUIRED");
  }

  /** A column that may be null. */
  public static TableFieldSchema nullable(String name, String type) {
    return new TableFieldSchema().setName(name).setType(type).setMode("NULLABLE");
  }

  /**
   * A row of this table: one value per column, in column order.
   *
   * <p>The values go into the row's map in one step ({@code GenericData.setUnknownKeys}, which
   * holds every column of a {@code TableRow}), not one {@code set} a column: {@code set} first
   * looks the name up among the class's declared fields, and the pipeline makes a row per user.
   * The row is the same, column for column, as one made by {@code set}.
   *
   * @throws IllegalArgumentException when the values are not one per column
   */
  public TableRow row(Object... values) {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException(
          "a row of " + columns.size() + " columns cannot hold " + values.length + " values");
    }
    ArrayMap<String, Object> cells = ArrayMap.create(values.length);
    for (int i = 0; i < values.length; i++) {
      cells.add(columns.get(i).getName(), values[i]);
    }
    TableRow row = new TableRow();
    row.setUnknownKeys(cells);
    return row;
  }

  /** The BigQuery schema of the table. */
  public TableSchema schema() {
    return new TableSchema().setFields(columns);
  }

  /** Day partitioning on {@link #dayPartitionColumn}, or null when the table is not partitioned. */
  public @Nullable TimePartitioning timePartitioning() {
    return dayPartitionColumn == null
        ? null
        : new TimePartitioning().setType("DAY").setField(dayPartitionColumn);
  }

  /** Clustering on {@link #clusteringColumns}, or null when the table is not clustered. */
  public @Nullable Clustering clustering() {
    return clusteringColumns.isEmpty() ? null : new Clustering().setFields(clusteringColumns);
  }

  /**
   * This output as a dated run loads it into BigQuery: a REQUIRED {@value #RUN_DATE_COLUMN} DATE
   * column after the others, and the table partitioned by day on it, so that each run owns one
   * partition. A column the undated table is partitioned by leads the clustering instead, so that
   * the queries its partitioning made cheap (a time range of minute_traffic) still read little.
   */
  public OutputTable daily() {
    List<TableFieldSchema> dated = new ArrayList<>(columns);
    dated.add(required(RUN_DATE_COLUMN, "DATE"));
    List<String> clustering = new ArrayList<>();
    if (dayPartitionColumn != null) {
      clustering.add(dayPartitionColumn);
    }
    clusteringColumns.stream().filter(c -> !clustering.contains(c)).forEach(clustering::add);
    return new OutputTable(List.copyOf(dated), RUN_DATE_COLUMN, List.copyOf(clustering));
  }
}

package com.trafficanalytics.sinks;

import com.google.api.services.bigquery.model.Clustering;
import com.google.api.services.bigquery.model.TableFieldSchema;
import com.google.api.services.bigquery.model.TableSchema;
import com.google.api.services.bigquery.model.TimePartitioning;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What one output of the pipeline looks like, whichever sink receives it: the BigQuery columns (the
 * same names the JSON files use) and the table layout that makes the usual queries cheap. (Its
 * folder and default table are named after the analysis, where the output plan places it.)
 *
 * @param columns the columns, in output order
 * @param dayPartitionColumn a TIMESTAMP column to partition the table by day, or null
 * @param clusteringColumns columns to cluster the table by (may be empty)
 */
public record OutputTable(
    List<TableFieldSchema> columns,
    @Nullable String dayPartitionColumn,
    List<String> clusteringColumns) {

  /** A column that every row has. */
  public static TableFieldSchema required(String name, String type) {
    return new TableFieldSchema().setName(name).setType(type).setMode("REQUIRED");
  }

  /** A column that may be null. */
  public static TableFieldSchema nullable(String name, String type) {
    return new TableFieldSchema().setName(name).setType(type).setMode("NULLABLE");
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
}

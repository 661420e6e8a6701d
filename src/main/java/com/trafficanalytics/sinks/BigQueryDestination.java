package com.trafficanalytics.sinks;

import com.google.api.services.bigquery.model.TableRow;
import java.util.EnumSet;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.CreateDisposition;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.Method;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.SchemaUpdateOption;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.WriteDisposition;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * A BigQuery table that receives an output through batch load jobs (no streaming-insert cost, and
 * WRITE_TRUNCATE replaces the table atomically). The table is created when missing, with the
 * output's schema, partitioning and clustering.
 *
 * @param tableSpec {@code PROJECT:DATASET.TABLE}
 * @param writeDisposition what to do with an existing table's rows
 * @param write the write each load starts from: {@code BigQueryIO.writeTableRows()} in
 *     production; tests give the same with Beam's fake BigQuery services
 */
public record BigQueryDestination(
    String tableSpec, WriteDisposition writeDisposition, BigQueryIO.Write<TableRow> write)
    implements Destination {

  @Override
  public PTransform<PCollection<TableRow>, PCollection<?>> writer(OutputTable table) {
    BigQueryIO.Write<TableRow> load =
        write
            .to(tableSpec)
            .withSchema(table.schema())
            .withMethod(Method.FILE_LOADS)
            .withCreateDisposition(CreateDisposition.CREATE_IF_NEEDED)
            .withWriteDisposition(writeDisposition);
    if (writeDisposition == WriteDisposition.WRITE_APPEND) {
      // A table an earlier version created takes this version's rows: new columns are added and
      // REQUIRED ones may become NULLABLE. BigQuery accepts these options with WRITE_APPEND only
      // (WRITE_TRUNCATE replaces the schema anyway).
      load =
          load.withSchemaUpdateOptions(
              EnumSet.of(
                  SchemaUpdateOption.ALLOW_FIELD_ADDITION,
                  SchemaUpdateOption.ALLOW_FIELD_RELAXATION));
    }
    if (table.timePartitioning() != null) {
      load = load.withTimePartitioning(table.timePartitioning());
    }
    if (table.clustering() != null) {
      load = load.withClustering(table.clustering());
    }
    BigQueryIO.Write<TableRow> loadJobs = load;
    return new PTransform<>() {
      @Override
      public PCollection<?> expand(PCollection<TableRow> rows) {
        return rows.apply("Load into BigQuery", loadJobs).getSuccessfulTableLoads();
      }
    };
  }

  @Override
  public String describe() {
    return "BigQuery table " + tableSpec;
  }
}

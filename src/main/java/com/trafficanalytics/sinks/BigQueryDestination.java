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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

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

  private static final Pattern LOAD_FAILED =
      Pattern.compile(
          "(?s)Failed to create job with prefix \\S+, reached max retries: (\\d+), last failed"
              + " job: (\\{.*)");

  /**
   * One line for a load job that failed for good, from BigQueryIO's message (whose job JSON spans
   * many lines): the table, the attempts, BigQuery's reason. Null when {@code message} is not one.
   */
  public static @Nullable String explainLoadFailure(String message) {
    Matcher failed = LOAD_FAILED.matcher(message);
    if (!failed.find()) {
      return null;
    }
    // The job is printed as pretty JSON, perhaps with text after it: pick the fields by name.
    String job = failed.group(2);
    int destination = Math.max(job.indexOf("\"destinationTable\""), 0);
    String table =
        field(job, destination, "projectId") + ":" + field(job, destination, "datasetId") + "."
            + field(job, destination, "tableId");
    int error = job.indexOf("\"errorResult\"");
    String reason = error < 0 ? "no reason given" : field(job, error, "message");
    if (reason.length() > 300) {
      reason = reason.substring(0, 300) + "…";
    }
    return "loading BigQuery table " + table + " failed, " + failed.group(1) + " retries included ("
        + reason + "); with WRITE_TRUNCATE the table keeps its earlier rows";
  }

  /** The string value of the first {@code "name"} field after {@code from} in {@code json}. */
  private static String field(String json, int from, String name) {
    int at = json.indexOf("\"" + name + "\"", from);
    int open = at < 0 ? -1 : json.indexOf('"', json.indexOf(':', at + name.length() + 2));
    if (open < 0) {
      return "?";
    }
    StringBuilder value = new StringBuilder();
    for (int i = open + 1; i < json.length() && json.charAt(i) != '"'; i++) {
      char c = json.charAt(i);
      if (c == '\\' && i + 1 < json.length()) {
        char escaped = json.charAt(++i);
        if (escaped == 'n') {
          break; // the first line of a message is enough
        }
        c = escaped;
      }
      value.append(c);
    }
    return value.toString();
  }

  @Override
  public String describe() {
    return "BigQuery table " + tableSpec;
  }
}

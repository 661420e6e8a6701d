package com.trafficanalytics.sinks;

import com.google.api.services.bigquery.model.Clustering;
import com.google.api.services.bigquery.model.Table;
import com.google.api.services.bigquery.model.TableReference;
import com.google.api.services.bigquery.model.TableRow;
import com.google.api.services.bigquery.model.TimePartitioning;
import com.trafficanalytics.table.OutputTable;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryHelpers;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.CreateDisposition;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.Method;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.SchemaUpdateOption;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.WriteDisposition;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A BigQuery table that receives an output through batch load jobs (no streaming-insert cost, and
 * WRITE_TRUNCATE replaces the table atomically). The table is created when missing, with the
 * output's schema, partitioning and clustering.
 *
 * <p>A dated run ({@code runDate} given) loads the output's {@link OutputTable#daily() daily}
 * form into the day's partition, {@code TABLE$YYYYMMDD}: every row gains the {@code run_date}
 * column, and the write disposition applies to that partition only, so WRITE_TRUNCATE replaces
 * that day and leaves every other day as it was. (A BigQuery load job takes a partition
 * decorator, and creates a missing table from the job's partitioning and clustering; BigQueryIO
 * passes the decorated name through to its load jobs, as DataflowTranslationIT shows.)
 *
 * @param tableSpec {@code PROJECT:DATASET.TABLE}
 * @param writeDisposition what to do with an existing table's rows, or with the day's partition's
 *     rows in a dated run
 * @param write the write each load starts from: {@code BigQueryIO.writeTableRows()} in
 *     production; tests give the same with Beam's fake BigQuery services
 * @param runDate the day of a dated run, or null to load the whole table as before
 */
public record BigQueryDestination(
    String tableSpec,
    WriteDisposition writeDisposition,
    BigQueryIO.Write<TableRow> write,
    @Nullable LocalDate runDate)
    implements Destination {

  @Override
  public PTransform<PCollection<List<TableRow>>, PCollection<?>> writer(OutputTable table) {
    OutputTable layout = runDate == null ? table : table.daily();
    BigQueryIO.Write<TableRow> load =
        write
            .to(loadTarget())
            .withSchema(layout.schema())
            .withMethod(Method.FILE_LOADS)
            .withCreateDisposition(CreateDisposition.CREATE_IF_NEEDED)
            .withWriteDisposition(writeDisposition);
    if (runDate != null) {
      // Added as the load writes its files, so the dated rows cost no step of their own.
      String day = runDate.toString();
      load =
          load.withFormatFunction(row -> row.clone().set(OutputTable.RUN_DATE_COLUMN, day));
    }
    if (writeDisposition == WriteDisposition.WRITE_APPEND
        || (writeDisposition == WriteDisposition.WRITE_TRUNCATE && runDate != null)) {
      // A table an earlier version created takes this version's rows: new columns are added and
      // REQUIRED ones may become NULLABLE. BigQuery accepts these options with WRITE_APPEND, and
      // with WRITE_TRUNCATE into a partition (which keeps the table's schema); a WRITE_TRUNCATE
      // of a whole table replaces the schema anyway, and BigQuery refuses them there.
      load =
          load.withSchemaUpdateOptions(
              EnumSet.of(
                  SchemaUpdateOption.ALLOW_FIELD_ADDITION,
                  SchemaUpdateOption.ALLOW_FIELD_RELAXATION));
    }
    if (layout.timePartitioning() != null) {
      load = load.withTimePartitioning(layout.timePartitioning());
    }
    if (layout.clustering() != null) {
      load = load.withClustering(layout.clustering());
    }
    BigQueryIO.Write<TableRow> loadJobs = load;
    return new PTransform<>() {
      @Override
      public PCollection<?> expand(PCollection<List<TableRow>> blocks) {
        return blocks
            .apply("Rows", Flatten.iterables())
            .setCoder(TableRowJsonCoder.of())
            .apply("Load into BigQuery", loadJobs)
            .getSuccessfulTableLoads();
      }
    };
  }

  /** What the load jobs name: the table, or in a dated run its day's partition. */
  private String loadTarget() {
    return runDate == null
        ? tableSpec
        : tableSpec + "$" + runDate.format(DateTimeFormatter.BASIC_ISO_DATE);
  }

  /** The table, as BigQuery's API names it (without a partition). */
  public TableReference tableReference() {
    return BigQueryHelpers.parseTableSpec(tableSpec);
  }

  /**
   * Checks, before a dated run, that the table as it exists can take the load of {@code table}
   * into one day's partition: BigQuery fails a load whose partitioning or clustering differ from
   * the table's, and an unpartitioned table has no day to replace. Nothing to check without a
   * run date, or when the table does not exist yet (the load creates it as needed).
   *
   * @param existing the table's metadata, or null when there is no such table
   * @throws UnusableOutputException with one line saying how the table differs and what to do
   */
  public void checkExisting(@Nullable Table existing, OutputTable table)
      throws UnusableOutputException {
    if (runDate == null || existing == null) {
      return;
    }
    OutputTable daily = table.daily();
    String needed = layoutOf(daily.timePartitioning(), daily.clustering());
    String actual = layoutOf(existing.getTimePartitioning(), existing.getClustering());
    boolean ranged = existing.getRangePartitioning() != null;
    if (!ranged && needed.equals(actual)) {
      return;
    }
    throw new UnusableOutputException(
        "BigQuery table "
            + tableSpec
            + " is "
            + (ranged ? "partitioned by integer range" : actual)
            + ", but a --runDate run replaces one day of a table "
            + needed
            + "; name a new table (the run creates it so) or drop --runDate");
  }

  /** The layout in words, e.g. "partitioned by day on run_date, clustered by user_id". */
  private static String layoutOf(
      @Nullable TimePartitioning partitioning, @Nullable Clustering clustering) {
    String partitioned;
    if (partitioning == null) {
      partitioned = "not partitioned";
    } else {
      String type = partitioning.getType() == null ? "DAY" : partitioning.getType();
      partitioned =
          "partitioned by "
              + type.toLowerCase(Locale.ROOT)
              + " on "
              + (partitioning.getField() == null
                  ? "ingestion time"
                  : partitioning.getField());
    }
    List<String> fields = clustering == null ? null : clustering.getFields();
    return partitioned
        + (fields == null || fields.isEmpty()
            ? ", not clustered"
            : ", clustered by " + String.join(", ", fields));
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
    return "BigQuery table " + tableSpec + (runDate == null ? "" : ", partition " + runDate);
  }
}

package com.trafficanalytics.options;

import static com.trafficanalytics.options.ParameterPatterns.FRACTION;
import static com.trafficanalytics.options.ParameterPatterns.POSITIVE_INTEGER;
import static com.trafficanalytics.options.ParameterPatterns.RUN_DATE;

import com.trafficanalytics.options.TemplateParameter.EnumOption;
import com.trafficanalytics.options.TemplateParameter.Type;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The command-line and template parameters of traffic-analytics, each declared once.
 *
 * <p>Each getter carries Beam's {@code @Description} (the help text, shown by {@code
 * --help=TrafficAnalyticsOptions}), Beam's {@code @Default} when it has one, and our {@link
 * TemplateParameter} (label, example, type, regexes, visibility in the Console form). The build
 * generates the template metadata, the template spec, the README's options table and the Terraform
 * module's variables from them, so a run from the command line, from {@code gcloud dataflow
 * flex-template run}, from the Console form and from Terraform all mean the same thing. Values are
 * checked together, with one clear message per mistake, by the job's checks ({@code
 * com.trafficanalytics.OptionChecks}).
 */
public interface TrafficAnalyticsOptions extends PipelineOptions {

  @TemplateParameter(
      order = 1,
      label = "Analysis",
      example = "both",
      type = Type.ENUM,
      enumOptions = {
        @EnumOption(
            value = "both",
            label = "Both analyses",
            description = "user_traffic and minute_traffic from one pass over the input."),
        @EnumOption(
            value = "user_traffic",
            label = "Per user",
            description =
                "One row per user: pageviews and total, largest and smallest response bytes."),
        @EnumOption(
            value = "minute_traffic",
            label = "Per time window",
            description = "One row per non-empty event-time window: its start and its pageviews.")
      })
  @Description(
      "Which analysis to run: user_traffic (one row per user), minute_traffic (one row per"
          + " event-time window) or both (one pass over the input for the two).")
  @Default.String("both")
  String getMode();

  void setMode(String value);

  @TemplateParameter(
      order = 2,
      label = "Input events",
      example = "gs://my-bucket/logs/2026-03-05/*.json.gz",
      type = Type.GCS_READ_FILE,
      required = true)
  @Description(
      "Newline-delimited JSON events to read: a file pattern, local or gs:// (on Dataflow, gs://)."
          + " Files ending in .gz, .bz2, .deflate or .zip are decompressed. {date} is reserved:"
          + " it becomes the day of --runDate (gs://my-bucket/logs/{date}/*.json.gz).")
  String getInputPath();

  void setInputPath(String value);

  @TemplateParameter(
      order = 3,
      label = "BigQuery table for per-user rows",
      example = "my-project:logs.user_traffic",
      type = Type.BIGQUERY_TABLE,
      shownFor = {Mode.USER_TRAFFIC, Mode.BOTH})
  @Description(
      "BigQuery table for the user_traffic rows, as PROJECT:DATASET.TABLE, PROJECT.DATASET.TABLE or"
          + " DATASET.TABLE (in the job's project, --project); created if needed, clustered by"
          + " user_id. Without it the rows go to files under the output folder.")
  String getUserTrafficTable();

  void setUserTrafficTable(String value);

  @TemplateParameter(
      order = 4,
      label = "BigQuery table for per-window rows",
      example = "my-project:logs.minute_traffic",
      type = Type.BIGQUERY_TABLE,
      shownFor = {Mode.MINUTE_TRAFFIC, Mode.BOTH})
  @Description(
      "BigQuery table for the minute_traffic rows (same forms as the per-user table); created if"
          + " needed, partitioned by day on timestamp. Without it the rows go to files under the"
          + " output folder.")
  String getMinuteTrafficTable();

  void setMinuteTrafficTable(String value);

  @TemplateParameter(
      order = 5,
      label = "Output folder",
      example = "gs://my-bucket/traffic",
      type = Type.GCS_WRITE_FOLDER)
  @Description(
      "Folder for results written as files (local path or gs://): user_traffic/, minute_traffic/"
          + " and dead_letter/ below it, each holding newline-delimited JSON; a run replaces what an"
          + " earlier run left there. Defaults to 'output' on the DirectRunner; required on"
          + " Dataflow when an analysis that runs has no table.")
  String getOutputDirectory();

  void setOutputDirectory(String value);

  @TemplateParameter(
      order = 6,
      label = "Window length (seconds)",
      example = "300",
      type = Type.NUMBER,
      regexes = POSITIVE_INTEGER,
      shownFor = {Mode.MINUTE_TRAFFIC, Mode.BOTH})
  @Description("Width of the minute_traffic event-time windows, in seconds.")
  @Default.Integer(60)
  Integer getWindowSeconds();

  void setWindowSeconds(Integer value);

  @TemplateParameter(
      order = 7,
      label = "BigQuery write disposition",
      example = "WRITE_APPEND",
      type = Type.ENUM,
      enumOptions = {
        @EnumOption(
            value = "WRITE_TRUNCATE",
            label = "Replace",
            description = "Replace the table's rows; a rerun gives the same table."),
        @EnumOption(
            value = "WRITE_APPEND",
            label = "Append",
            description = "Add the rows to what the table holds."),
        @EnumOption(
            value = "WRITE_EMPTY",
            label = "Only into an empty table",
            description = "Fail the run if the table already has rows.")
      })
  @Description(
      "What a BigQuery write does to a table that already has rows: WRITE_TRUNCATE replaces them"
          + " (a rerun gives the same table), WRITE_APPEND adds to them, WRITE_EMPTY fails the"
          + " run. With --runDate it acts on that day's partition only: WRITE_TRUNCATE replaces"
          + " the day's rows and keeps every other day, WRITE_APPEND adds to the day, WRITE_EMPTY"
          + " fails if the day has rows.")
  @Default.String("WRITE_TRUNCATE")
  String getWriteDisposition();

  void setWriteDisposition(String value);

  @TemplateParameter(
      order = 8,
      label = "BigQuery table for rejected lines",
      example = "my-project:logs.dead_letter",
      type = Type.BIGQUERY_TABLE)
  @Description(
      "BigQuery table for rejected lines (same forms as the per-user table), with columns line,"
          + " error and source. When neither this nor a dead-letter folder is given, rejected lines"
          + " go to dead_letter/ under the output folder, or to a dead_letter table beside the"
          + " first output table when all results go to BigQuery.")
  String getDeadLetterTable();

  void setDeadLetterTable(String value);

  @TemplateParameter(
      order = 9,
      label = "Folder for rejected lines",
      example = "gs://my-bucket/traffic/rejected",
      type = Type.GCS_WRITE_FOLDER)
  @Description(
      "Folder for rejected lines as newline-delimited JSON files (local path or gs://), each"
          + " record {\"line\", \"error\", \"source\"}.")
  String getDeadLetterDirectory();

  void setDeadLetterDirectory(String value);

  @TemplateParameter(
      order = 10,
      label = "Longest line accepted (bytes)",
      example = "1048576",
      type = Type.NUMBER,
      regexes = POSITIVE_INTEGER)
  @Description(
      "Longest line accepted, in bytes; a longer line becomes a dead letter with its text cut to"
          + " this size, so one corrupt giant line cannot exhaust a worker's memory.")
  @Default.Integer(1 << 20)
  Integer getMaxLineBytes();

  void setMaxLineBytes(Integer value);

  @TemplateParameter(
      order = 11,
      label = "Largest share of rejected lines",
      example = "0.01",
      type = Type.NUMBER,
      regexes = FRACTION)
  @Description(
      "Fail the run when more than this fraction (0 to 1) of the non-blank lines are rejected; a"
          + " wrong input usually looks like 100% rejected. Results are written only when the run"
          + " passes. Off when not set.")
  Double getMaxDeadLetterRatio();

  void setMaxDeadLetterRatio(Double value);

  @TemplateParameter(
      order = 12,
      label = "Report file",
      example = "gs://my-bucket/reports/traffic.html",
      type = Type.GCS_WRITE_FILE)
  @Description(
      "Where to write report.html, one self-contained page with charts of the run: traffic over"
          + " time, the top users, how traffic spreads over users and the rejected lines (local"
          + " path or gs://; {date} in it becomes the --runDate). Defaults to report.html under"
          + " the output folder when results are written as files (report-YYYY-MM-DD.html with"
          + " --runDate: one per day); without either, no report.")
  String getReportPath();

  void setReportPath(String value);

  @TemplateParameter(
      order = 13,
      label = "User ids in the report",
      example = "false",
      type = Type.BOOLEAN)
  @Description(
      "Whether report.html shows user ids (the top users) and the text of rejected lines, which"
          + " can hold user ids; false for reports that are shared widely.")
  @Default.Boolean(true)
  Boolean getReportUserIds();

  void setReportUserIds(Boolean value);

  @TemplateParameter(
      order = 14,
      label = "Run date",
      example = "yesterday",
      type = Type.TEXT,
      regexes = RUN_DATE)
  @Description(
      "The day this run is for: YYYY-MM-DD, or yesterday or today (UTC, when the job starts). With"
          + " it, every output row gains a run_date column, the outputs are partitioned by it and"
          + " the run replaces its own day's partition and nothing else; {date} in --inputPath"
          + " becomes this day. Without it, each run replaces the whole outputs.")
  String getRunDate();

  void setRunDate(String value);
}

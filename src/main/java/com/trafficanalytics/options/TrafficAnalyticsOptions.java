package com.trafficanalytics.options;

import static com.trafficanalytics.options.Mode.BOTH;
import static com.trafficanalytics.options.Mode.MINUTE_TRAFFIC;
import static com.trafficanalytics.options.Mode.USER_TRAFFIC;
import static com.trafficanalytics.options.ParameterPatterns.FRACTION;
import static com.trafficanalytics.options.ParameterPatterns.POSITIVE_INTEGER;
import static com.trafficanalytics.options.ParameterPatterns.RUN_DATE;
import static com.trafficanalytics.options.TemplateParameter.Type.BIGQUERY_TABLE;
import static com.trafficanalytics.options.TemplateParameter.Type.BOOLEAN;
import static com.trafficanalytics.options.TemplateParameter.Type.ENUM;
import static com.trafficanalytics.options.TemplateParameter.Type.GCS_READ_FILE;
import static com.trafficanalytics.options.TemplateParameter.Type.GCS_WRITE_FILE;
import static com.trafficanalytics.options.TemplateParameter.Type.GCS_WRITE_FOLDER;
import static com.trafficanalytics.options.TemplateParameter.Type.NUMBER;
import static com.trafficanalytics.options.TemplateParameter.Type.TEXT;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The command-line and template parameters of traffic-analytics, each declared once.
 *
 * <p>Each getter carries our {@link TemplateParameter} (its place in the Console form, label,
 * type, example, regexes, the modes that show it), Beam's {@code @Description} (the help text,
 * shown by {@code --help=TrafficAnalyticsOptions}) and Beam's {@code @Default} when it has one.
 * The build generates the template metadata, the template spec, the README's options table and
 * the Terraform module's variables from them, so a run from the command line, from {@code gcloud
 * dataflow flex-template run}, from the Console form and from Terraform all mean the same thing.
 * Values are checked together, with one clear message per mistake, by the job's checks ({@code
 * com.trafficanalytics.OptionChecks}).
 *
 * <p>Each parameter's facts sit on one or two lines of its annotation, so the interface reads as
 * a table; the help texts are text blocks whose lines end in {@code \}, so each is one line of
 * text with no line breaks in it.
 */
public interface TrafficAnalyticsOptions extends PipelineOptions {

  @TemplateParameter(order = 1, label = "Analysis", type = ENUM, choices = Mode.class,
      example = "both")
  @Description("""
      Which analysis to run: user_traffic (one row per user), minute_traffic (one row per \
      event-time window) or both (one pass over the input for the two).""")
  @Default.String("both")
  String getMode();

  void setMode(String value);

  @TemplateParameter(order = 2, label = "Input events", type = GCS_READ_FILE, required = true,
      example = "gs://my-bucket/logs/2026-03-05/*.json.gz")
  @Description("""
      Newline-delimited JSON events to read: a file pattern, local or gs:// (on Dataflow, gs://). \
      Files ending in .gz, .bz2, .deflate or .zip are decompressed. {date} is reserved: it becomes \
      the day of --runDate (gs://my-bucket/logs/{date}/*.json.gz).""")
  String getInputPath();

  void setInputPath(String value);

  @TemplateParameter(order = 3, label = "BigQuery table for per-user rows", type = BIGQUERY_TABLE,
      shownFor = {USER_TRAFFIC, BOTH}, example = "my-project:logs.user_traffic")
  @Description("""
      BigQuery table for the user_traffic rows, as PROJECT:DATASET.TABLE, PROJECT.DATASET.TABLE or \
      DATASET.TABLE (in the job's project, --project); created if needed, clustered by user_id. \
      Without it the rows go to files under the output folder.""")
  String getUserTrafficTable();

  void setUserTrafficTable(String value);

  @TemplateParameter(order = 4, label = "BigQuery table for per-window rows", type = BIGQUERY_TABLE,
      shownFor = {MINUTE_TRAFFIC, BOTH}, example = "my-project:logs.minute_traffic")
  @Description("""
      BigQuery table for the minute_traffic rows (same forms as the per-user table); created if \
      needed, partitioned by day on timestamp. Without it the rows go to files under the output \
      folder.""")
  String getMinuteTrafficTable();

  void setMinuteTrafficTable(String value);

  @TemplateParameter(order = 5, label = "Output folder", type = GCS_WRITE_FOLDER,
      example = "gs://my-bucket/traffic")
  @Description("""
      Folder for results written as files (local path or gs://): user_traffic/, minute_traffic/ \
      and dead_letter/ below it, each holding newline-delimited JSON; a run replaces what an \
      earlier run left there. Defaults to 'output' on the DirectRunner; required on Dataflow when \
      an analysis that runs has no table.""")
  String getOutputDirectory();

  void setOutputDirectory(String value);

  @TemplateParameter(order = 6, label = "Window length (seconds)", type = NUMBER,
      regexes = POSITIVE_INTEGER, shownFor = {MINUTE_TRAFFIC, BOTH}, example = "300")
  @Description("Width of the minute_traffic event-time windows, in seconds.")
  @Default.Integer(60)
  Integer getWindowSeconds();

  void setWindowSeconds(Integer value);

  @TemplateParameter(order = 7, label = "BigQuery write disposition", type = ENUM,
      choices = TableWriteDisposition.class, example = "WRITE_APPEND")
  @Description("""
      What a BigQuery write does to a table that already has rows: WRITE_TRUNCATE replaces them (a \
      rerun gives the same table), WRITE_APPEND adds to them, WRITE_EMPTY fails the run. With \
      --runDate it acts on that day's partition only: WRITE_TRUNCATE replaces the day's rows and \
      keeps every other day, WRITE_APPEND adds to the day, WRITE_EMPTY fails if the day has rows.""")
  @Default.String("WRITE_TRUNCATE")
  String getWriteDisposition();

  void setWriteDisposition(String value);

  @TemplateParameter(order = 8, label = "BigQuery table for rejected lines",
      type = BIGQUERY_TABLE, example = "my-project:logs.dead_letter")
  @Description("""
      BigQuery table for rejected lines (same forms as the per-user table), with columns line, \
      error and source. When neither this nor a dead-letter folder is given, rejected lines go to \
      dead_letter/ under the output folder, or to a dead_letter table beside the first output \
      table when all results go to BigQuery.""")
  String getDeadLetterTable();

  void setDeadLetterTable(String value);

  @TemplateParameter(order = 9, label = "Folder for rejected lines", type = GCS_WRITE_FOLDER,
      example = "gs://my-bucket/traffic/rejected")
  @Description("""
      Folder for rejected lines as newline-delimited JSON files (local path or gs://), each record \
      {"line", "error", "source"}.""")
  String getDeadLetterDirectory();

  void setDeadLetterDirectory(String value);

  @TemplateParameter(order = 10, label = "Longest line accepted (bytes)", type = NUMBER,
      regexes = POSITIVE_INTEGER, example = "1048576")
  @Description("""
      Longest line accepted, in bytes; a longer line becomes a dead letter with its text cut to \
      this size, so one corrupt giant line cannot exhaust a worker's memory.""")
  @Default.Integer(1 << 20)
  Integer getMaxLineBytes();

  void setMaxLineBytes(Integer value);

  @TemplateParameter(order = 11, label = "Largest share of rejected lines", type = NUMBER,
      regexes = FRACTION, example = "0.01")
  @Description("""
      Fail the run when more than this fraction (0 to 1) of the non-blank lines are rejected; a \
      wrong input usually looks like 100% rejected. Results are written only when the run passes. \
      Off when not set.""")
  Double getMaxDeadLetterRatio();

  void setMaxDeadLetterRatio(Double value);

  @TemplateParameter(order = 12, label = "Report file", type = GCS_WRITE_FILE,
      example = "gs://my-bucket/reports/traffic.html")
  @Description("""
      Where to write report.html, one self-contained page with charts of the run: traffic over \
      time, the top users, how traffic spreads over users and the rejected lines (local path or \
      gs://; {date} in it becomes the --runDate). Defaults to report.html under the output folder \
      when results are written as files (report-YYYY-MM-DD.html with --runDate: one per day); \
      without either, no report.""")
  String getReportPath();

  void setReportPath(String value);

  @TemplateParameter(order = 13, label = "User ids in the report", type = BOOLEAN,
      example = "false")
  @Description("""
      Whether report.html shows user ids (the top users) and the text of rejected lines, which can \
      hold user ids; false for reports that are shared widely.""")
  @Default.Boolean(true)
  Boolean getReportUserIds();

  void setReportUserIds(Boolean value);

  @TemplateParameter(order = 14, label = "Run date", type = TEXT, regexes = RUN_DATE,
      example = "yesterday")
  @Description("""
      The day this run is for: YYYY-MM-DD, or yesterday or today (UTC, when the job starts). With \
      it, every output row gains a run_date column, the outputs are partitioned by it and the run \
      replaces its own day's partition and nothing else; {date} in --inputPath becomes this day. \
      Without it, each run replaces the whole outputs.""")
  String getRunDate();

  void setRunDate(String value);
}

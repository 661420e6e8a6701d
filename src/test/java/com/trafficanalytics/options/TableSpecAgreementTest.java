package com.trafficanalytics.options;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.trafficanalytics.TrafficAnalyticsPipeline;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryHelpers;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The table regex of the template metadata ({@link ParameterPatterns#BIGQUERY_TABLE}, in Java and
 * in RE2) and the pipeline's own option checks accept the same table specs; and each accepted spec
 * is one Beam's BigQueryIO can read, so none passes the start and then fails the run.
 *
 * <p>The pipeline is asked through its public entry point, as {@code main} runs it. A valid table
 * is given with a local {@code --tempLocation}, which BigQuery load jobs cannot use: the one-line
 * error then names {@code --tempLocation}, which shows the table itself was taken; an invalid
 * table (with a proper {@code gs://} temp location) must give an error naming the table option.
 */
public class TableSpecAgreementTest {

  private static final String OPTION = "userTrafficTable";

  /** Specs BigQuery and Beam both take, in every form the help text promises. */
  private static final List<String> VALID =
      List.of(
          "my-project:logs.user_traffic",
          "my-project.logs.user_traffic",
          "logs.user_traffic",
          "example.com:my-project:logs.user_traffic",
          "example.com:my-project.logs.user_traffic",
          "my-project:Logs_2026.user-traffic",
          "my-project:logs.user traffic",
          "my-project:logs.trafic_journalier_été",
          "my-project:logs.e\u0301t\u00e9", // a combining mark
          "my-project:logs.\u65e5\u672c\u8a9e", // CJK letters
          "my-project:logs.\u0663\u0664"); // Arabic-Indic digits

  /** Specs one of them refuses (the comment says which), or that are not a table at all. */
  private static final List<String> INVALID =
      List.of(
          "user_traffic", // no dataset
          "my-project:logs", // no table
          "my-project:logs.", // empty table
          ":logs.user_traffic", // empty project
          "My_Project:logs.t", // BigQuery: project ids are lower case, no underscore
          "proj:logs.t", // BigQuery: project ids have 6 to 30 characters
          "my-project:lo gs.t", // BigQuery: no space in a dataset
          "my-project:lo-gs.t", // BigQuery: no dash in a dataset
          "my-project:l\u00f6gs.t", // BigQuery: ASCII datasets
          "my-project:logs.t!", // both: no punctuation in a table
          "my-project:logs.t$20260305", // a partition decorator: not a table to create
          "my-project:logs.t@1700000000", // a snapshot decorator: not a table to write
          "my-project:logs.a\u2010b", // Beam: only the ASCII dash
          "my-project:logs.a\u00a0b"); // Beam: only the ASCII space

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private File input;

  @Before
  public void writeInput() throws IOException {
    input = tmp.newFile("events.json");
    Files.writeString(
        input.toPath(),
        "{\"user_id\": \"42\", \"timestamp\": \"2026-03-05T21:49:42Z\", \"num_bytes\": 182}\n",
        StandardCharsets.UTF_8);
  }

  @Test
  public void theRegexAcceptsTheValidSpecsInJavaAndRe2() {
    for (String spec : VALID) {
      assertTrue("Java regex rejects " + spec, java().matcher(spec).matches());
      assertTrue("RE2 regex rejects " + spec, re2().matches(spec));
      // BigQueryIO parses the spec with this when the pipeline is built.
      BigQueryHelpers.parseTableSpec(spec.contains(":") ? spec : "my-project:" + spec);
    }
  }

  @Test
  public void theRegexRejectsTheInvalidSpecsInJavaAndRe2() {
    for (String spec : INVALID) {
      assertFalse("Java regex accepts " + spec, java().matcher(spec).matches());
      assertFalse("RE2 regex accepts " + spec, re2().matches(spec));
    }
  }

  @Test
  public void thePipelineTakesTheValidSpecs() {
    for (String spec : VALID) {
      String error =
          badOptionsLine(
              "--" + OPTION + "=" + spec,
              "--project=my-project",
              "--tempLocation=" + new File(tmp.getRoot(), "local-temp"));
      assertThat(spec + " was refused", error, not(containsString("--" + OPTION)));
      assertThat(error, containsString("--tempLocation"));
    }
  }

  @Test
  public void thePipelineRefusesTheInvalidSpecsNamingTheOption() {
    for (String spec : INVALID) {
      String error =
          badOptionsLine(
              "--" + OPTION + "=" + spec,
              "--project=my-project",
              "--tempLocation=gs://my-bucket/tmp");
      assertThat(spec + " was not refused as a table", error, containsString("--" + OPTION));
    }
  }

  private static Pattern java() {
    return Pattern.compile(ParameterPatterns.BIGQUERY_TABLE);
  }

  private static com.google.re2j.Pattern re2() {
    return com.google.re2j.Pattern.compile(ParameterPatterns.BIGQUERY_TABLE);
  }

  /** Runs the job with {@code args} and the user_traffic analysis; expects exit 2 and one line. */
  private String badOptionsLine(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "--inputPath=" + input;
    all[1] = "--outputDirectory=" + new File(tmp.getRoot(), "out");
    all[2] = "--mode=user_traffic";
    System.arraycopy(args, 0, all, 3, args.length);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exitCode =
        TrafficAnalyticsPipeline.execute(
            all, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String text = bytes.toString(StandardCharsets.UTF_8).strip();
    assertEquals(String.join(" ", all) + " gave: " + text, 2, exitCode);
    assertFalse("one line: " + text, text.contains("\n"));
    return text;
  }
}

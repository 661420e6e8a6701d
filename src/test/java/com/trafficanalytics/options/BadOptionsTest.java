package com.trafficanalytics.options;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.trafficanalytics.TrafficAnalyticsPipeline;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Every bad option of the issue, through {@link TrafficAnalyticsPipeline#execute} as {@code main}
 * runs it: exit code 2, one line on the console that names the option and says how to fix it, and
 * nothing written (the output folder is not created, an earlier run's files are left as they were).
 * And the opposite rule: options of an analysis that does not run are ignored, not an error.
 */
public class BadOptionsTest {
  private static final String EVENT =
      "{\"user_id\": \"-6434255326544341291\", \"ip\": \"192.175.49.116\", \"lat\": 37.751,"
          + " \"lng\": -97.822, \"timestamp\": \"2026-03-05T21:49:42.746115Z\", \"http_request\":"
          + " \"\\\"GET eucharya.html HTTP/1.0\\\"\", \"http_response\": 200, \"num_bytes\": 182,"
          + " \"user_agent\": \"Mozilla/5.0 (compatible; MSIE 7.0; Windows NT 5.01; Trident/5.1)\"}";

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private File input;
  private File out;

  @Before
  public void writeInput() throws IOException {
    input = tmp.newFile("events.json");
    Files.write(
        input.toPath(),
        List.of(EVENT, EVENT.replace("-6434255326544341291", "42"), "not an event"),
        StandardCharsets.UTF_8);
    out = new File(tmp.getRoot(), "out");
  }

  @Test
  public void unknownMode() {
    assertBadOption(
        List.of(
            "--mode=everything is not a value of --mode",
            "use one of both, user_traffic, minute_traffic"),
        withInputAndOutput("--mode=everything"));
  }

  @Test
  public void runDateThatIsNotADay() {
    for (String value : List.of("2026-02-30", "2026-3-5", "last-week", "Yesterday")) {
      assertBadOption(
          List.of("--runDate=" + value + " is not a day", "YYYY-MM-DD", "--runDate=yesterday"),
          withInputAndOutput("--runDate=" + value));
    }
  }

  @Test
  public void dateInInputPathWithoutRunDate() {
    String pattern = tmp.getRoot() + "/{date}/*.json";
    assertBadOption(
        List.of("--inputPath=" + pattern, "holds {date}", "add --runDate=YYYY-MM-DD"),
        replacing("inputPath", "--inputPath=" + pattern));
  }

  @Test
  public void missingInputPath() {
    assertBadOption(
        List.of("--inputPath is required", "e.g. --inputPath="),
        "--outputDirectory=" + out);
  }

  @Test
  public void malformedTableSpec() {
    assertBadOption(
        List.of("--userTrafficTable=my-project:logs", "PROJECT:DATASET.TABLE"),
        withInputAndOutput(
            "--userTrafficTable=my-project:logs", "--tempLocation=gs://my-bucket/tmp"));
    assertBadOption(
        List.of("--minuteTrafficTable=my project.logs.minute traffic!", "PROJECT:DATASET.TABLE"),
        withInputAndOutput(
            "--minuteTrafficTable=my project.logs.minute traffic!",
            "--tempLocation=gs://my-bucket/tmp"));
    assertBadOption(
        List.of("--deadLetterTable=rejects", "PROJECT:DATASET.TABLE"),
        withInputAndOutput("--deadLetterTable=rejects", "--tempLocation=gs://my-bucket/tmp"));
  }

  @Test
  public void datasetDotTableWithoutProject() {
    // A gcloud default project (environment or gcloud config) is a project given; this case is
    // about a machine without one.
    assumeTrue(
        "a default GCP project is configured on this machine",
        PipelineOptionsFactory.create().as(GcpOptions.class).getProject() == null);
    assertBadOption(
        List.of("--userTrafficTable=logs.user_traffic", "--project=PROJECT"),
        withInputAndOutput("--userTrafficTable=logs.user_traffic", "--tempLocation=gs://b/tmp"));
  }

  /** Load jobs read their files from Cloud Storage: a local or missing temp location cannot work. */
  @Test
  public void bigQueryOnTheDirectRunnerWithoutGcsTempLocation() {
    List<String> fragments = List.of("--tempLocation", "gs://");
    // No --tempLocation at all; all outputs in BigQuery.
    assertBadOption(
        fragments,
        withInputAndOutput(
            "--project=my-project",
            "--userTrafficTable=my-project:logs.user_traffic",
            "--minuteTrafficTable=my-project:logs.minute_traffic"));
    // A local --tempLocation; one table, the rest in files.
    assertBadOption(
        fragments,
        withInputAndOutput(
            "--userTrafficTable=my-project:logs.user_traffic",
            "--tempLocation=" + new File(tmp.getRoot(), "bq-temp")));
    // Only the dead letters in BigQuery.
    assertBadOption(
        fragments, withInputAndOutput("--deadLetterTable=my-project:logs.rejected"));
  }

  @Test
  public void nonPositiveWindow() {
    assertBadOption(
        List.of("--windowSeconds=0", "positive", "e.g. 60"),
        withInputAndOutput("--windowSeconds=0"));
    assertBadOption(
        List.of("--windowSeconds=-60", "positive"),
        withInputAndOutput("--mode=minute_traffic", "--windowSeconds=-60"));
  }

  @Test
  public void inputPatternMatchingNoFile() {
    String pattern = new File(tmp.getRoot(), "logs/*.json").getPath();
    assertBadOption(
        List.of("--inputPath=" + pattern, "matches no file"),
        "--inputPath=" + pattern, "--outputDirectory=" + out);
    String missingFile = new File(tmp.getRoot(), "no-such-file.json").getPath();
    assertBadOption(
        List.of("--inputPath=" + missingFile, "matches no file"),
        "--inputPath=" + missingFile, "--outputDirectory=" + out);
  }

  /**
   * On Dataflow there is no sensible local default folder. Everything else needed for Dataflow is
   * given, so this is the only problem; exit code 2 (and not 1, a failed submission) also shows that
   * the run stopped before it called Dataflow, which this machine cannot reach.
   */
  @Test
  public void filesOutputOnDataflowWithoutOutputDirectory() {
    File localDefault = new File("output");
    boolean localDefaultExisted = localDefault.exists();
    assertBadOption(
        List.of("--outputDirectory", "required on Dataflow", "--outputDirectory=gs://"),
        "--runner=DataflowRunner",
        "--project=my-project",
        "--region=us-central1",
        "--tempLocation=gs://my-bucket/tmp",
        "--inputPath=" + input);
    assertEquals(localDefaultExisted, localDefault.exists());
  }

  @Test
  public void unknownOptionName() {
    assertBadOption(
        // Beam's parser words this one: "... missing a property named 'windowSecond'. Did you
        // mean 'windowSeconds'?"; execute adds where the options are listed.
        List.of("'windowSecond'", "Did you mean 'windowSeconds'", "--help=TrafficAnalyticsOptions"),
        withInputAndOutput("--windowSecond=30"));
  }

  @Test
  public void deadLetterRatioOutsideZeroToOne() {
    for (String ratio : new String[] {"1.5", "-0.1", "NaN"}) {
      assertBadOption(
          List.of("--maxDeadLetterRatio=" + ratio, "from 0 to 1"),
          withInputAndOutput("--maxDeadLetterRatio=" + ratio));
    }
  }

  @Test
  public void nonPositiveMaxLineBytes() {
    for (String bytes : new String[] {"0", "-1"}) {
      assertBadOption(
          List.of("--maxLineBytes=" + bytes, "positive"),
          withInputAndOutput("--maxLineBytes=" + bytes));
    }
  }

  @Test
  public void bogusWriteDisposition() {
    assertBadOption(
        List.of("--writeDisposition=bogus", "use one of WRITE_TRUNCATE, WRITE_APPEND, WRITE_EMPTY"),
        withInputAndOutput("--writeDisposition=bogus"));
  }

  @Test
  public void bothDeadLetterTableAndDirectory() {
    File rejected = new File(tmp.getRoot(), "rejected");
    assertBadOption(
        List.of("--deadLetterTable", "--deadLetterDirectory", "give one of them"),
        withInputAndOutput(
            "--deadLetterTable=my-project:logs.rejected",
            "--deadLetterDirectory=" + rejected,
            "--tempLocation=gs://my-bucket/tmp"));
  }

  /**
   * An empty value is a mistake (an unset shell variable), never "the default": for text options,
   * which Beam would set to "", as for numbers, which it would refuse without naming them.
   */
  @Test
  public void everyEmptyValueIsRejectedNamingTheOption() {
    for (String option :
        List.of(
            "outputDirectory", "inputPath", "mode", "userTrafficTable", "minuteTrafficTable",
            "deadLetterTable", "deadLetterDirectory", "writeDisposition", "windowSeconds",
            "maxLineBytes", "maxDeadLetterRatio", "project", "tempLocation")) {
      for (String empty : List.of("", "  ")) {
        assertBadOption(
            List.of("--" + option + " is empty", "leave it out"),
            replacing(option, "--" + option + "=" + empty));
      }
    }
  }

  /** A text option written without "=VALUE" would be set to the text "true". */
  @Test
  public void anOptionWithoutItsValueIsRejected() {
    assertBadOption(
        List.of("--outputDirectory needs a value", "--outputDirectory=VALUE"),
        replacing("outputDirectory", "--outputDirectory"));
  }

  /** Numbers too large for their type: the option, its range, an example; not Jackson's words. */
  @Test
  public void numbersOutsideTheirTypeNameTheOptionAndItsRange() {
    assertBadOption(
        // 365 days: a wider window could start before BigQuery's first TIMESTAMP day.
        List.of("--windowSeconds=9999999999999999999", "1 to 31536000", "e.g. 60"),
        withInputAndOutput("--windowSeconds=9999999999999999999"));
    assertBadOption(
        List.of("--windowSeconds=31536001", "1 to 31536000"),
        withInputAndOutput("--windowSeconds=31536001"));
    assertBadOption(
        List.of("--maxLineBytes=3000000000", "1 to 2147483647", "e.g. 1048576"),
        withInputAndOutput("--maxLineBytes=3000000000"));
    assertBadOption(
        List.of("--windowSeconds=1e3", "whole number"), withInputAndOutput("--windowSeconds=1e3"));
    assertBadOption(
        List.of("--maxDeadLetterRatio=five", "from 0 to 1"),
        withInputAndOutput("--maxDeadLetterRatio=five"));
    // Beam's parser would have answered in Jackson's words, without the option's name.
    for (String arg : List.of("--windowSeconds=9999999999999999999", "--maxLineBytes=3000000000")) {
      Console console = new Console();
      TrafficAnalyticsPipeline.execute(withInputAndOutput(arg), console.stream);
      assertThat(console.text(), not(containsString("deserialize")));
      assertThat(console.text(), not(containsString("java.lang")));
    }
  }

  @Test
  public void aRepeatedInputPathIsRejectedWithThePatternToUse() {
    File other = new File(tmp.getRoot(), "other.json");
    assertBadOption(
        List.of("--inputPath is given twice", other.getPath(), "give it once", "'logs/*.json'"),
        withInputAndOutput("--inputPath=" + other));
  }

  /** A folder has nothing Beam reads: say which files to name instead. */
  @Test
  public void anInputFolderIsRejectedWithThePatternToWrite() throws IOException {
    File folder = tmp.newFolder("logs");
    Files.writeString(folder.toPath().resolve("a.json"), EVENT + "\n");
    assertBadOption(
        List.of("--inputPath=" + folder, "is a folder", "--inputPath='" + folder + "/*.json'"),
        "--inputPath=" + folder, "--outputDirectory=" + out);
    assertBadOption(
        List.of("is a folder", "--inputPath='" + folder + "/*.json'"),
        "--inputPath=" + folder + "/", "--outputDirectory=" + out);
  }

  /** A device or a pipe has no size, so Beam would read nothing from it and "succeed". */
  @Test
  public void anInputThatIsNotARegularFileIsRejected() throws Exception {
    assertBadOption(
        List.of("--inputPath=/dev/zero", "not a regular file", "'logs/*.json'"),
        "--inputPath=/dev/zero", "--outputDirectory=" + out);
    File fifo = fifo(new File(tmp.getRoot(), "events.fifo"));
    assertBadOption(
        List.of("--inputPath=" + fifo, "not a regular file", "'logs/*.json'"),
        "--inputPath=" + fifo, "--outputDirectory=" + out);
  }

  /** A pattern that matches only folders and pipes matches no file to read. */
  @Test
  public void aPatternMatchingOnlyNonRegularFilesIsRejected() throws Exception {
    File logs = tmp.newFolder("logs");
    assertTrue(new File(logs, "a.json").mkdir());
    fifo(new File(logs, "b.json"));
    String pattern = logs + "/*.json";
    assertBadOption(
        List.of("--inputPath=" + pattern, "matches no file", "folders, pipes and devices",
            "'logs/*.json'"),
        "--inputPath=" + pattern, "--outputDirectory=" + out);
  }

  /** A bad option leaves the files of an earlier run exactly as they were. */
  @Test
  public void anEarlierRunsFilesAreLeftAlone() throws IOException {
    Path earlier = out.toPath().resolve("user_traffic").resolve("part-00000-of-00001.json");
    Files.createDirectories(earlier.getParent());
    Files.writeString(earlier, "{\"user_id\":\"1\",\"pageviews\":1}\n");
    assertBadOption(List.of("--windowSeconds=0"), withInputAndOutput("--windowSeconds=0"));
    assertEquals("{\"user_id\":\"1\",\"pageviews\":1}\n", Files.readString(earlier));
  }

  /**
   * The Console form sends every parameter, with defaults, whatever the mode: options of the
   * analysis that does not run are ignored, however wrong, and only the folders of the analyses
   * that ran are written.
   */
  @Test
  public void optionsOfAnAnalysisThatDoesNotRunAreIgnored() throws IOException {
    Console console = new Console();
    int exitCode =
        TrafficAnalyticsPipeline.execute(
            withInputAndOutput(
                "--mode=user_traffic", "--windowSeconds=0", "--minuteTrafficTable=garbage!!"),
            console.stream);

    assertEquals(console.text(), 0, exitCode);
    assertThat(console.text(), not(containsString("error")));
    assertEquals(
        List.of("dead_letter", "report.html", "user_traffic"), sortedNames(out.toPath()));
    assertEquals(2, jsonLines(out.toPath().resolve("user_traffic")).size());
    assertEquals(List.of("not an event"), deadLetterLines(out.toPath().resolve("dead_letter")));
  }

  /**
   * The report's location is checked before the run like the results': a file of someone else's
   * there (the default report.html too) or a folder is refused, and left as it was.
   */
  @Test
  public void aReportPathHoldingSomethingElseIsRefusedBeforeTheRun() throws IOException {
    File notes = tmp.newFile("notes.html");
    Files.writeString(notes.toPath(), "<p>my notes</p>");
    assertBadOption(
        List.of("--reportPath=" + notes, "not a report this job wrote", "choose another"),
        withInputAndOutput("--reportPath=" + notes));
    File folder = tmp.newFolder("reports");
    assertBadOption(
        List.of("--reportPath=" + folder, "is a folder", "report.html"),
        withInputAndOutput("--reportPath=" + folder));
    Files.createDirectories(out.toPath());
    Files.writeString(out.toPath().resolve("report.html"), "mine");
    assertBadOption(
        List.of("--outputDirectory=" + out, "not a report this job wrote"), withInputAndOutput());
  }

  // ---------------------------------------------------------------------------------------------

  private String[] withInputAndOutput(String... args) {
    List<String> all = new ArrayList<>();
    all.add("--inputPath=" + input);
    all.add("--outputDirectory=" + out);
    all.addAll(Arrays.asList(args));
    return all.toArray(new String[0]);
  }

  /** {@link #withInputAndOutput} with {@code option} given as {@code arg} instead, or added. */
  private String[] replacing(String option, String arg) {
    List<String> all = new ArrayList<>();
    for (String given : withInputAndOutput()) {
      if (!given.startsWith("--" + option + "=")) {
        all.add(given);
      }
    }
    all.add(arg);
    return all.toArray(new String[0]);
  }

  /** A named pipe at {@code file}, made with {@code mkfifo}. */
  private static File fifo(File file) throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", file.getPath()).inheritIO().start();
    assumeTrue("mkfifo works here", mkfifo.waitFor() == 0);
    return file;
  }

  /**
   * Runs {@code args} and checks the bad-options contract: exit code 2, exactly one console line,
   * an error naming the option with its fix ({@code fragments}), and no file written anywhere in the
   * test's folder.
   */
  private void assertBadOption(List<String> fragments, String... args) {
    Map<String, String> before = snapshot(tmp.getRoot().toPath());
    Console console = new Console();

    int exitCode = TrafficAnalyticsPipeline.execute(args, console.stream);

    String text = console.text();
    assertEquals(Arrays.toString(args) + " gave: " + text, 2, exitCode);
    assertTrue("ends with a line break: " + text, text.endsWith("\n"));
    String line = text.stripTrailing();
    assertFalse("one line: " + text, line.contains("\n") || line.contains("\r"));
    assertThat(line, startsWith("traffic-analytics: error: "));
    for (String fragment : fragments) {
      assertThat(line, containsString(fragment));
    }
    assertEquals("nothing written", before, snapshot(tmp.getRoot().toPath()));
  }

  /** Every file and folder under {@code root}, with the content of the files. */
  private static Map<String, String> snapshot(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      Map<String, String> all = new TreeMap<>();
      for (Path path : paths.collect(Collectors.toList())) {
        all.put(
            root.relativize(path).toString(),
            Files.isDirectory(path)
                ? "<dir>"
                // A pipe would block a reader: its name is all there is to compare.
                : Files.isRegularFile(path) ? Files.readString(path) : "<not a regular file>");
      }
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> sortedNames(Path folder) throws IOException {
    try (Stream<Path> children = Files.list(folder)) {
      // The job's own hidden state folder (.traffic-analytics) is not a result.
      return children
          .map(p -> p.getFileName().toString())
          .filter(name -> !name.startsWith("."))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  private static List<String> jsonLines(Path folder) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.collect(Collectors.toList())) {
        if (file.getFileName().toString().equals("_MANIFEST")) {
          continue; // the run's manifest, beside its rows (README, "Outputs")
        }
        assertTrue(file.toString(), file.toString().endsWith(".json"));
        lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
      }
    }
    return lines;
  }

  private static List<String> deadLetterLines(Path folder) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String json : jsonLines(folder)) {
      lines.add(
          com.google.gson.JsonParser.parseString(json).getAsJsonObject().get("line").getAsString());
    }
    return lines;
  }

  /** What {@code execute} prints, as {@code main} would show it on standard error. */
  private static final class Console {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}

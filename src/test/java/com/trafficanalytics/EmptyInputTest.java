package com.trafficanalytics;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * An input that matched files but held no line at all: the run succeeds (an empty file is a
 * valid input) but its summary says, loudly, that every output is empty.
 */
public class EmptyInputTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void aRunThatReadsNoLineSaysSo() throws IOException {
    File logs = tmp.newFolder("logs");
    assertEquals(true, new File(logs, "a.json").createNewFile());
    assertEquals(true, new File(logs, "b.json").createNewFile());

    String console = execute("--inputPath=" + logs + "/*.json");

    assertThat(console, containsString("WARNING: no line was read"));
    assertThat(console, containsString("matched 2 files"));
  }

  @Test
  public void aRunThatReadsLinesDoesNotWarn() throws IOException {
    File input = tmp.newFile("events.json");
    java.nio.file.Files.writeString(input.toPath(), "not an event\n");

    String console = execute("--inputPath=" + input);

    assertThat(console, not(containsString("WARNING")));
  }

  private String execute(String input) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exitCode =
        TrafficAnalyticsPipeline.execute(
            new String[] {input, "--outputDirectory=" + new File(tmp.getRoot(), "out")},
            new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String console = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(console, 0, exitCode);
    return console;
  }
}

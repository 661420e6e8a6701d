package com.trafficanalytics;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The launcher's choice of JIT ({@code jit_options_for} in {@code bin/lib/jvm.sh}): the quick tier
 * only for a local, uncompressed input of under 128 MiB in all, and the JVM's default whenever
 * the input is larger or its size cannot be told before the run. Large inputs are sparse files,
 * so the test writes almost nothing.
 */
public class LauncherJitChoiceTest {
  private static final String QUICK_TIER_ONLY = "-XX:TieredStopAtLevel=1";
  private static final long MIB = 1024 * 1024;

  @Rule public TemporaryFolder folder = new TemporaryFolder();

  /** What {@code jit_options_for --mode=both ARG} prints, trimmed. */
  private static String choiceFor(String arg) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                "bash",
                "-c",
                "set -euo pipefail; source bin/lib/jvm.sh; jit_options_for --mode=both \"$1\"",
                "jvm.sh",
                arg)
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat("finished", process.waitFor(1, TimeUnit.MINUTES), is(true));
    assertThat(out, process.exitValue(), is(0));
    return out.strip();
  }

  private Path sized(String name, long bytes) throws IOException {
    Path file = folder.getRoot().toPath().resolve(name);
    Files.createDirectories(file.getParent());
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(bytes);
    }
    return file;
  }

  @Test
  public void theSampleRunsOnTheQuickTierOnly() throws Exception {
    assertThat(choiceFor("--inputPath=data/events.json"), is(QUICK_TIER_ONLY));
    assertThat(choiceFor("--inputPath=data/*.json"), is(QUICK_TIER_ONLY));
  }

  @Test
  public void justUnderTheLimitIsSmallAndAtItIsNot() throws Exception {
    Path under = sized("under/events.json", 128 * MIB - 1);
    Path at = sized("at/events.json", 128 * MIB);
    assertThat(choiceFor("--inputPath=" + under), is(QUICK_TIER_ONLY));
    assertThat(choiceFor("--inputPath=" + at), is(""));
  }

  @Test
  public void theFilesOfAPatternCountTogether() throws Exception {
    sized("days/a.json", 100 * MIB);
    sized("days/b.json", 100 * MIB);
    Path days = folder.getRoot().toPath().resolve("days");
    assertThat(choiceFor("--inputPath=" + days + "/a.json"), is(QUICK_TIER_ONLY));
    assertThat(choiceFor("--inputPath=" + days + "/*.json"), is(""));
  }

  @Test
  public void anInputOfUnknownSizeKeepsTheDefault() throws Exception {
    Path gzip = sized("logs/events.json.gz", 1024);
    assertThat("compressed", choiceFor("--inputPath=" + gzip), is(""));
    assertThat("object store", choiceFor("--inputPath=gs://bucket/events.json"), is(""));
    assertThat("run date", choiceFor("--inputPath=data/{date}.json"), is(""));
    assertThat("no match", choiceFor("--inputPath=" + folder.getRoot() + "/none*.json"), is(""));
    assertThat("no input option", choiceFor("--windowSeconds=60"), is(""));
  }
}

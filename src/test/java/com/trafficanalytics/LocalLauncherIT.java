package com.trafficanalytics;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.Assume.assumeTrue;

import com.trafficanalytics.testing.ExpectedTraffic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code bin/traffic-analytics}, the README's first command, on the jar and class-data-sharing
 * archive that {@code package} built: the same rows as the independent oracle, the archive in use,
 * a stale archive ignored without a word, and a missing jar refused in one line. With a JDK 24 or
 * later in {@code AOT_JAVA_HOME} ({@code .ci/run} sets it when the machine has one), the same for
 * the AOT cache that {@code bin/make-start-archive} makes for such a JDK.
 */
public class LocalLauncherIT {
  private static final Path LAUNCHER = Paths.get("bin/traffic-analytics");
  private static final Path JAR = Paths.get("target/traffic-analytics.jar");
  private static final Path ARCHIVE = Paths.get("target/traffic-analytics.jsa");
  private static final Path SAMPLE = Paths.get("data/events.json");

  @Rule public TemporaryFolder folder = new TemporaryFolder();

  private record Run(int exitCode, String stdout, String stderr) {}

  private static Run launch(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(List.of(args));
    return run(command, env);
  }

  private static Run run(List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("JAVA_OPTS");
    builder.environment().putAll(env);
    Path out = Files.createTempFile("launcher", ".out");
    Path err = Files.createTempFile("launcher", ".err");
    Process process =
        builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(command.get(0) + " did not finish in 5 minutes");
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Runs the README's first command with {@code env} and checks its rows and its silence. */
  private Run assertTheSampleRuns(Map<String, String> env) throws Exception {
    Path output = folder.getRoot().toPath().resolve("out");
    Run run =
        launch(env, "--mode=both", "--inputPath=" + SAMPLE, "--outputDirectory=" + output);
    assertThat(run.stderr, run.exitCode, is(0));
    ExpectedTraffic.of(ExpectedTraffic.linesOf(SAMPLE), 60).assertRowsUnder(output);
    // A stale or foreign archive must not print the JVM's warnings into the run's output.
    assertThat(run.stderr + run.stdout, not(containsString("[cds]")));
    assertThat(run.stderr + run.stdout, not(containsString("shared archive")));
    assertThat(run.stderr + run.stdout, not(containsString("[aot]")));
    assertThat(run.stderr + run.stdout, not(containsString("WARNING")));
    return run;
  }

  @Test
  public void runsTheSampleWithTheBuildsArchive() throws Exception {
    assertThat("package makes the archive", Files.isRegularFile(ARCHIVE), is(true));
    // -Xshare:on makes the JVM fail instead of running without the archive, so this run proves
    // that the archive the build made matches this JVM and jar.
    Run run = assertTheSampleRuns(Map.of("JAVA_OPTS", "-Xshare:on -XX:+PrintFlagsFinal"));
    // The sample is small, so the launcher leaves out the JIT's optimizing tier (bin/lib/jvm.sh).
    assertThat(run.stdout, matchesPattern("(?s).*\\bTieredStopAtLevel\\s+= 1\\s.*"));
  }

  @Test
  public void theOptimizingTierStaysOnWhenJavaOptsAskForIt() throws Exception {
    Run run =
        assertTheSampleRuns(Map.of("JAVA_OPTS", "-XX:TieredStopAtLevel=4 -XX:+PrintFlagsFinal"));
    assertThat(run.stdout, matchesPattern("(?s).*\\bTieredStopAtLevel\\s+= 4\\s.*"));
  }

  @Test
  public void aStaleArchiveIsIgnoredSilently() throws Exception {
    // A copy of the jar has another path and time, so the build's archive does not fit it.
    Path jar = folder.getRoot().toPath().resolve("traffic-analytics.jar");
    Files.copy(JAR, jar);
    Files.copy(ARCHIVE, folder.getRoot().toPath().resolve("traffic-analytics.jsa"));
    assertTheSampleRuns(Map.of("TRAFFIC_ANALYTICS_JAR", jar.toString()));
  }

  @Test
  public void runsTheSampleWithAnAotCacheOnJdk24OrLaterAndIgnoresAStaleOne() throws Exception {
    String javaHome = System.getenv("AOT_JAVA_HOME");
    assumeTrue("AOT_JAVA_HOME names no JDK 24 or later", javaHome != null && !javaHome.isEmpty());
    Path java = Paths.get(javaHome, "bin", "java");
    assertThat(java + " is not a java", Files.isExecutable(java), is(true));
    // A copy of the jar, so that the build's own archives stay as they are.
    Path jar = folder.getRoot().toPath().resolve("traffic-analytics.jar");
    Files.copy(JAR, jar);
    Run made =
        run(
            List.of(
                "bin/make-start-archive",
                java.toString(),
                jar.toString(),
                "data/dirty_events.json",
                folder.getRoot().toPath().resolve("training").toString()),
            Map.of());
    assertThat(made.stderr, made.exitCode, is(0));
    Path cache = folder.getRoot().toPath().resolve("traffic-analytics.aot");
    assertThat("make-start-archive makes an AOT cache", Files.isRegularFile(cache), is(true));

    // -XX:AOTMode=on makes the JVM fail instead of running without the cache, so this run proves
    // that the launcher passes it with the options it was made with.
    Map<String, String> env = Map.of("JAVA_HOME", javaHome, "TRAFFIC_ANALYTICS_JAR", jar.toString());
    Map<String, String> strict = new HashMap<>(env);
    strict.put("JAVA_OPTS", "-XX:AOTMode=on");
    assertTheSampleRuns(strict);

    // A rebuilt jar (a later time) no longer fits the cache: the run goes on without it, quietly.
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
    assertTheSampleRuns(env);
  }

  @Test
  public void aMissingJarIsOneLineAndExitTwo() throws Exception {
    Path missing = folder.getRoot().toPath().resolve("nope.jar");
    Run run = launch(Map.of("TRAFFIC_ANALYTICS_JAR", missing.toString()), "--mode=both");
    assertThat(run.exitCode, is(2));
    assertThat(run.stderr.strip().lines().count(), is(1L));
    assertThat(run.stderr, containsString(missing + " is missing"));
    assertThat(run.stderr, containsString("./mvnw -B -q -DskipTests package"));
  }
}

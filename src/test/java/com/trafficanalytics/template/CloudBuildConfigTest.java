package com.trafficanalytics.template;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.Test;

/**
 * cloudbuild.yaml is a build Cloud Build will accept and that does what docs/deploy.md says.
 *
 * <p>Cloud Build rejects a build that uses a user substitution it was not given a value for, and
 * silently empties a bash {@code $VAR} that is not escaped as {@code $$VAR}; a substitution that
 * docs/deploy.md does not describe is one a newcomer has to guess. Those, the step order, the Maven
 * properties the Jib step sets and the spec flags are checked here, offline.
 */
public class CloudBuildConfigTest {

  private static final Path CONFIG = CloudBuildConfig.FILE;
  private static final Path DOCS = Path.of("docs", "deploy.md");

  /** Cloud Build's own substitutions (for all builds, and for builds started by a trigger). */
  private static final Set<String> BUILT_IN =
      Set.of(
          "PROJECT_ID",
          "BUILD_ID",
          "PROJECT_NUMBER",
          "LOCATION",
          "TRIGGER_NAME",
          "COMMIT_SHA",
          "REVISION_ID",
          "SHORT_SHA",
          "REPO_NAME",
          "REPO_FULL_NAME",
          "BRANCH_NAME",
          "TAG_NAME",
          "REF_NAME",
          "TRIGGER_BUILD_CONFIG_PATH",
          "SERVICE_ACCOUNT_EMAIL",
          "SERVICE_ACCOUNT");

  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)[^}]*}|\\$([A-Za-z_][A-Za-z0-9_]*)");

  private static final Pattern MAVEN_PROPERTY = Pattern.compile("^-D([\\w.-]+)=");

  private static Map<String, Object> config() {
    return CloudBuildConfig.load().tree();
  }

  private static List<Map<String, Object>> steps() {
    return CloudBuildConfig.load().steps();
  }

  private static Map<String, Object> step(String id) {
    return CloudBuildConfig.load().step(id);
  }

  private static List<String> args(Map<String, Object> step) {
    return CloudBuildConfig.args(step);
  }

  /** Every string in a YAML tree. */
  @SuppressWarnings("unchecked")
  private static void strings(Object node, List<String> into) {
    if (node instanceof Map) {
      ((Map<Object, Object>) node).values().forEach(value -> strings(value, into));
    } else if (node instanceof List) {
      ((List<Object>) node).forEach(value -> strings(value, into));
    } else if (node != null) {
      into.add(String.valueOf(node));
    }
  }

  /** The substitutions a text refers to; {@code $$} is Cloud Build's escape for a literal $. */
  private static Set<String> references(String text) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = REFERENCE.matcher(text.replace("$$", ""));
    while (matcher.find()) {
      names.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
    }
    return names;
  }

  @SuppressWarnings("unchecked")
  private static Set<String> declared() throws IOException {
    return new TreeSet<>(((Map<String, Object>) config().get("substitutions")).keySet());
  }

  private static Set<String> used() throws IOException {
    List<String> texts = new ArrayList<>();
    Map<String, Object> config = config();
    strings(config.get("steps"), texts);
    strings(config.get("substitutions"), texts);
    Set<String> used = new TreeSet<>();
    texts.forEach(text -> used.addAll(references(text)));
    return used;
  }

  @Test
  public void everySubstitutionUsedIsDeclaredOrBuiltIn() throws IOException {
    Set<String> declared = declared();
    Set<String> undeclared =
        used().stream()
            .filter(name -> !BUILT_IN.contains(name) && !declared.contains(name))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(
        "used but neither declared nor built in (a bash variable must be written $$NAME)",
        undeclared,
        empty());
  }

  @Test
  public void everyDeclaredSubstitutionIsUsedAndWellNamed() throws IOException {
    for (String name : declared()) {
      assertTrue(
          name + ": user substitutions start with _ and are upper case",
          name.matches("_[A-Z0-9_]+"));
      assertThat(name + " is declared but never used", used(), hasItem(name));
    }
  }

  @Test
  public void everySubstitutionIsDocumented() throws IOException {
    String docs = Files.readString(DOCS, StandardCharsets.UTF_8);
    for (String name : declared()) {
      assertThat(DOCS + " must document " + name, docs, containsString("| `" + name + "` |"));
    }
  }

  @Test
  public void itTestsThenPushesThenWritesTheSpec() throws IOException {
    List<Object> ids = steps().stream().map(s -> s.get("id")).collect(Collectors.toList());
    assertEquals(List.of("test", "image", "template", "launch"), ids);
    assertThat(
        "steps run one after another",
        steps().stream().filter(s -> s.containsKey("waitFor")).collect(Collectors.toList()),
        empty());
    assertThat(args(step("test")), hasItem("verify"));
    assertThat(args(step("image")), hasItem("jib:build"));
  }

  @Test
  public void theJibStepSetsOnlyPropertiesThePomDefines() throws Exception {
    Set<String> pomProperties = pomProperties();
    List<String> set = new ArrayList<>();
    for (String arg : args(step("image"))) {
      Matcher matcher = MAVEN_PROPERTY.matcher(arg);
      // Maven's own switches (the local repository, skipping tests) are not the pom's to define.
      if (matcher.find()
          && !matcher.group(1).startsWith("maven.")
          && !matcher.group(1).equals("skipTests")) {
        set.add(matcher.group(1));
      }
    }
    assertThat(set, hasItem("image.registry"));
    assertThat(set, hasItem("image.tag"));
    assertThat("properties the pom does not define", set, everyItem(is(in(pomProperties))));
  }

  @Test
  public void theSpecIsBuiltFromTheMetadataForThePushedImage() throws IOException {
    String script = String.join("\n", args(step("template")));
    assertThat(script, containsString("gcloud dataflow flex-template build \"${_TEMPLATE_PATH}\""));
    assertThat(script, containsString("--metadata-file=" + TemplateFiles.METADATA));
    assertTrue(TemplateFiles.METADATA + " exists", Files.exists(TemplateFiles.METADATA));
    // The same flags as the generator, so the stored spec equals templates/ but for the image.
    assertThat(script, containsString(TemplateJson.GCLOUD_BUILD_FLAGS));
    // The image the Jib step pushed: its registry and the pom's image name, by digest.
    String registry =
        args(step("image")).stream()
            .filter(arg -> arg.startsWith("-Dimage.registry="))
            .findFirst()
            .orElseThrow()
            .substring("-Dimage.registry=".length());
    assertThat(script, containsString("--image=\"" + registry + "/traffic-analytics@"));
    assertThat(script, containsString("target/jib-image.digest"));
  }

  /** The names of the properties in pom.xml's {@code <properties>}. */
  private static Set<String> pomProperties() {
    return PomProperties.read().keySet();
  }

  /** A launcher base pinned by tag or digest, which Jib and docker resolve alike every time. */
  private static final Pattern PINNED_VERSION =
      Pattern.compile(":[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[0-9a-f]{64}");

  @Test
  public void theImageIsBuiltOnThePinnedLauncherBaseThePomNames() {
    String pomVersion = PomProperties.read().get("template.base.version");
    assertTrue(
        "pom.xml's template.base.version must be :TAG or @sha256:DIGEST, not " + pomVersion,
        PINNED_VERSION.matcher(pomVersion).matches());
    assertNotEquals("a moving tag rebuilds a commit differently", ":latest", pomVersion);
    assertEquals(
        "_TEMPLATE_BASE_VERSION's default is the pom's template.base.version",
        pomVersion,
        CloudBuildConfig.load().substitutionDefaults().get("_TEMPLATE_BASE_VERSION"));
    assertThat(
        args(step("image")), hasItem("-Dtemplate.base.version=${_TEMPLATE_BASE_VERSION}"));
    List<String> texts = new ArrayList<>();
    strings(config(), texts);
    for (String text : texts) {
      assertThat(CONFIG + " names no :latest image", text, not(containsString(":latest")));
    }
  }

  /**
   * Runs the launch step's script as Cloud Build would (substitutions applied, bash) with a
   * stand-in gcloud that prints its arguments, so the locations the script works out are real.
   */
  private static List<String> launchArguments(Map<String, String> overrides) throws Exception {
    Path folder = Files.createTempDirectory("launch-step");
    Path gcloud = folder.resolve("gcloud");
    Files.writeString(gcloud, "#!/bin/bash\nprintf '%s\\n' \"$@\"\n");
    gcloud.toFile().setExecutable(true);
    Map<String, String> values = new TreeMap<>();
    values.put("_LAUNCH", "true");
    values.put("_INPUT_PATH", "gs://logs-bucket/2026-03-05/*.json.gz");
    values.put("_OUTPUT_DIRECTORY", "gs://out-bucket/traffic");
    values.putAll(overrides);
    CloudBuildConfig config = CloudBuildConfig.load();
    String script =
        CloudBuildConfig.substitute(
            config.script("launch"),
            config.values(Map.of("PROJECT_ID", "my-project", "BUILD_ID", "b-1"), values));
    ProcessBuilder bash = new ProcessBuilder("bash", "-c", script).directory(folder.toFile());
    bash.environment().put("PATH", folder + ":" + System.getenv("PATH"));
    bash.redirectErrorStream(true);
    Process process = bash.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals("launch step output:\n" + output, 0, process.waitFor());
    return List.of(output.split("\n"));
  }

  @Test
  public void theLaunchStepStagesInTheTemplatesBucketUnlessTold() throws Exception {
    List<String> arguments =
        launchArguments(Map.of("_TEMPLATE_PATH", "gs://granted-bucket/templates/t.json"));
    assertThat(arguments, hasItem("--staging-location=gs://granted-bucket/staging"));
    assertThat(arguments, hasItem("--temp-location=gs://granted-bucket/temp"));
    // The pattern reaches gcloud as written, whatever files the build's folder holds.
    assertThat(
        arguments,
        hasItem(
            "--parameters=^~^inputPath=gs://logs-bucket/2026-03-05/*.json.gz~mode=both"
                + "~outputDirectory=gs://out-bucket/traffic"));

    List<String> told =
        launchArguments(
            Map.of("_STAGING_LOCATION", "gs://s/stage", "_TEMP_LOCATION", "gs://t/tmp"));
    assertThat(told, hasItem("--staging-location=gs://s/stage"));
    assertThat(told, hasItem("--temp-location=gs://t/tmp"));
  }

  @Test
  public void noStepScriptHoldsAnUnquotedPattern() {
    CloudBuildConfig config = CloudBuildConfig.load();
    for (Map<String, Object> step : config.steps()) {
      if (!"bash".equals(step.get("entrypoint"))) {
        continue;
      }
      // As bash sees it: Cloud Build has turned $$ into $ (user values are quoted in the script).
      String script = config.script((String) step.get("id")).replace("$$", "$");
      for (String command : ShellCommands.commands(script)) {
        assertThat(
            "step " + step.get("id") + ": quote these, or zsh and bash expand them: " + command,
            ShellCommands.unquotedPatterns(command),
            empty());
      }
    }
  }
}

package com.trafficanalytics.template;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * cloudbuild.yaml is a build Cloud Build will accept and that does what docs/deploy.md says.
 *
 * <p>Cloud Build rejects a build that uses a user substitution it was not given a value for, and
 * silently empties a bash {@code $VAR} that is not escaped as {@code $$VAR}; a substitution that
 * docs/deploy.md does not describe is one a newcomer has to guess. Those, the step order, the Maven
 * properties the Jib step sets and the spec flags are checked here, offline.
 */
public class CloudBuildConfigTest {

  private static final Path CONFIG = Path.of("cloudbuild.yaml");
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

  @SuppressWarnings("unchecked")
  private static Map<String, Object> config() throws IOException {
    try (Reader reader = Files.newBufferedReader(CONFIG, StandardCharsets.UTF_8)) {
      return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> steps() throws IOException {
    return (List<Map<String, Object>>) config().get("steps");
  }

  private static Map<String, Object> step(String id) throws IOException {
    return steps().stream()
        .filter(s -> id.equals(s.get("id")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no step " + id));
  }

  @SuppressWarnings("unchecked")
  private static List<String> args(Map<String, Object> step) {
    return ((List<Object>) step.get("args"))
        .stream().map(String::valueOf).collect(Collectors.toList());
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
  private static Set<String> pomProperties() throws Exception {
    Element project =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(Path.of("pom.xml").toFile())
            .getDocumentElement();
    Set<String> names = new TreeSet<>();
    NodeList children = project.getElementsByTagName("properties").item(0).getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      Node node = children.item(i);
      if (node.getNodeType() == Node.ELEMENT_NODE) {
        names.add(node.getNodeName());
      }
    }
    return names;
  }
}

package com.trafficanalytics.template;

import static com.trafficanalytics.template.TemplateImage.CLASSPATH_VARIABLE;
import static com.trafficanalytics.template.TemplateImage.pomValue;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.Test;

/**
 * The Dockerfile builds the image Jib builds: the same base as the pom, the same environment as the
 * Jib image, the shaded jar at the place its classpath names, and the launcher kept as entrypoint.
 *
 * <p>No Docker engine runs here, so the file is read as {@code docker build} reads it (line
 * continuations, {@code ARG} defaults and {@code $VAR} expansion) for the instructions it uses.
 */
public class DockerfileIT {

  private static final Path DOCKERFILE = Path.of("Dockerfile");

  /** The instructions this Dockerfile may use; anything else would need a check of its own. */
  private static final Set<String> KNOWN = Set.of("ARG", "FROM", "ENV", "COPY");

  /** One instruction, its variables expanded. */
  private static final class Instruction {
    final String keyword;
    final String arguments;

    Instruction(String keyword, String arguments) {
      this.keyword = keyword;
      this.arguments = arguments;
    }
  }

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");
  private static final Pattern ASSIGNMENT = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S*)");

  private final Map<String, String> variables = new LinkedHashMap<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final List<Instruction> instructions = new ArrayList<>();

  public DockerfileIT() throws IOException {
    String text = Files.readString(DOCKERFILE, StandardCharsets.UTF_8);
    for (String line : text.replaceAll("\\\\\\r?\\n", " ").split("\\r?\\n")) {
      String trimmed = line.trim();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] parts = trimmed.split("\\s+", 2);
      String keyword = parts[0].toUpperCase();
      String arguments = expand(parts.length > 1 ? parts[1] : "");
      instructions.add(new Instruction(keyword, arguments));
      if (keyword.equals("ARG") || keyword.equals("ENV")) {
        Matcher matcher = ASSIGNMENT.matcher(arguments);
        while (matcher.find()) {
          String value = matcher.group(2).replaceAll("^\"|\"$", "");
          variables.put(matcher.group(1), value);
          if (keyword.equals("ENV")) {
            environment.put(matcher.group(1), value);
          }
        }
      }
    }
  }

  private String expand(String arguments) {
    Matcher matcher = VARIABLE.matcher(arguments);
    StringBuilder expanded = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
      matcher.appendReplacement(
          expanded, Matcher.quoteReplacement(variables.getOrDefault(name, "")));
    }
    return matcher.appendTail(expanded).toString();
  }

  private List<Instruction> all(String keyword) {
    return instructions.stream()
        .filter(i -> i.keyword.equals(keyword))
        .collect(Collectors.toList());
  }

  @Test
  public void itUsesOnlyInstructionsThisTestUnderstands() {
    for (Instruction instruction : instructions) {
      assertTrue(
          "Dockerfile uses " + instruction.keyword + ", which no check here covers",
          KNOWN.contains(instruction.keyword));
    }
  }

  @Test
  public void itBuildsOnTheLauncherBaseThePomPins() {
    List<Instruction> from = all("FROM");
    assertEquals("one stage", 1, from.size());
    assertEquals(pomValue("template.baseImage"), from.get(0).arguments);
    // The pom's value is pinned (CloudBuildConfigTest); a moving tag here would undo that.
    assertFalse("the launcher base is pinned", from.get(0).arguments.endsWith(":latest"));
  }

  @Test
  public void itSetsTheEnvironmentOfTheJibImage() throws IOException {
    Map<String, String> jib = TemplateImage.tarball().environment();
    assertEquals(jib, environment);
  }

  @Test
  public void itCopiesTheShadedJarToWhereTheClasspathPoints() {
    List<Instruction> copies = all("COPY");
    assertEquals("one COPY", 1, copies.size());
    List<String> arguments = List.of(copies.get(0).arguments.split("\\s+"));
    assertEquals(
        List.of("target/traffic-analytics.jar", environment.get(CLASSPATH_VARIABLE)), arguments);
    assertTrue(
        ".dockerignore must let the jar into the build context",
        dockerignoreAdmits("target/traffic-analytics.jar"));
  }

  @Test
  public void itKeepsTheLaunchersEntrypoint() {
    assertTrue("no ENTRYPOINT", all("ENTRYPOINT").isEmpty());
    assertTrue("no CMD", all("CMD").isEmpty());
  }

  /**
   * Whether .dockerignore lets {@code path} into the build context: as Docker reads it, a pattern
   * matches a path or any folder above it, the last matching line wins, and "!" re-admits.
   */
  private static boolean dockerignoreAdmits(String path) {
    Path ignore = Path.of(".dockerignore");
    if (!Files.exists(ignore)) {
      return true;
    }
    boolean admitted = true;
    try {
      for (String line : Files.readAllLines(ignore)) {
        String pattern = line.trim();
        if (pattern.isEmpty() || pattern.startsWith("#")) {
          continue;
        }
        boolean negated = pattern.startsWith("!");
        String glob = negated ? pattern.substring(1) : pattern;
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        for (Path prefix = Path.of(path); prefix != null; prefix = prefix.getParent()) {
          if (matcher.matches(prefix)) {
            admitted = negated;
            break;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return admitted;
  }
}

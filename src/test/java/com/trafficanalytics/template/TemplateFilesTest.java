package com.trafficanalytics.template;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The committed generated files (metadata, spec, README table, {@code terraform/parameters.tf})
 * are what the options' annotations give today.
 *
 * <p>Maven regenerates them into {@code target/template-files/} before the tests (pom.xml, {@code
 * process-test-classes}); run from an IDE without that step, the test generates them itself.
 */
public class TemplateFilesTest {

  @Rule public TemporaryFolder temporaryFolder = new TemporaryFolder();

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  @Test
  public void theCommittedFilesAreWhatTheOptionsGenerate() throws IOException {
    Map<Path, String> generated =
        TemplateFiles.generate(Path.of(""), TemplateJson.PLACEHOLDER_IMAGE);
    for (Path file : generated.keySet()) {
      Path built = TemplateFiles.OUTPUT.resolve(file);
      String expected = Files.exists(built) ? read(built) : generated.get(file);
      String committed = Files.exists(file) ? read(file) : "";
      if (!expected.equals(committed)) {
        fail(
            file
                + " is stale ("
                + firstDifference(expected, committed)
                + "): TrafficAnalyticsOptions changed since it was generated. Regenerate the"
                + " generated files with\n  "
                + TemplateFiles.REGENERATE_COMMAND
                + "\nand commit them with the change.");
      }
    }
  }

  /** The first line where the two texts differ, as both have it. */
  private static String firstDifference(String expected, String actual) {
    String[] want = expected.split("\n", -1);
    String[] have = actual.split("\n", -1);
    for (int i = 0; i < Math.max(want.length, have.length); i++) {
      String w = i < want.length ? want[i] : "(end of file)";
      String h = i < have.length ? have[i] : "(end of file)";
      if (!w.equals(h)) {
        return "line " + (i + 1) + " should be\n    " + w + "\n  but is\n    " + h + "\n";
      }
    }
    return "same lines";
  }

  @Test
  public void theSpecEmbedsTheMetadataWithTheFieldsTheLauncherReads() throws IOException {
    JsonObject spec = JsonParser.parseString(read(TemplateFiles.SPEC)).getAsJsonObject();
    assertEquals(TemplateJson.PLACEHOLDER_IMAGE, spec.get("image").getAsString());
    assertEquals("JAVA", spec.getAsJsonObject("sdkInfo").get("language").getAsString());
    assertEquals(
        "the metadata, embedded whole",
        JsonParser.parseString(read(TemplateFiles.METADATA)),
        spec.get("metadata"));
    assertEquals(
        "traffic-analytics",
        spec.getAsJsonObject("defaultEnvironment")
            .getAsJsonObject("additionalUserLabels")
            .get("app")
            .getAsString());
  }

  @Test
  public void theGeneratorWritesASpecForARealImageOutsideTheProject() throws IOException {
    Path output = temporaryFolder.getRoot().toPath();
    String image =
        "us-central1-docker.pkg.dev/my-project/templates/traffic-analytics@sha256:"
            + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    TemplateFiles.main(new String[] {"--image=" + image, "--output=" + output});

    JsonObject spec =
        JsonParser.parseString(read(output.resolve(TemplateFiles.SPEC))).getAsJsonObject();
    assertEquals(image, spec.get("image").getAsString());
    assertEquals(JsonParser.parseString(read(TemplateFiles.METADATA)), spec.get("metadata"));
  }

  @Test
  public void theGeneratorKeepsThePlaceholderInTheCommittedSpec() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TemplateFiles.main(
                    new String[] {
                      "--image=my-image", "--update=true",
                      "--output=" + temporaryFolder.getRoot()
                    }));
    assertTrue(e.getMessage(), e.getMessage().contains("placeholder"));
  }

  @Test
  public void theGeneratorRefusesAnArgumentItDoesNotKnow() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TemplateFiles.main(new String[] {"--img=x"}));
    assertTrue(e.getMessage(), e.getMessage().contains("--img=x"));
  }
}

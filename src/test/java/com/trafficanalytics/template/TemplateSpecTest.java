package com.trafficanalytics.template;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The committed template spec is what the generator makes of today's metadata file. */
public class TemplateSpecTest {

  @Rule public TemporaryFolder temporaryFolder = new TemporaryFolder();

  private static String committedSpec() throws IOException {
    return Files.readString(TemplateSpecGenerator.SPEC_FILE, StandardCharsets.UTF_8);
  }

  @Test
  public void theCommittedSpecIsUpToDate() throws IOException {
    String expected =
        TemplateSpecGenerator.spec(Path.of(""), TemplateSpecGenerator.PLACEHOLDER_IMAGE);
    assertEquals(
        TemplateSpecGenerator.SPEC_FILE
            + " is stale: the metadata changed since it was generated. Regenerate it with\n  "
            + TemplateSpecGenerator.REGENERATE_COMMAND
            + "\nand commit both files.",
        expected,
        committedSpec());
  }

  @Test
  public void theSpecHasTheFieldsTheLauncherReads() throws IOException {
    JsonObject spec = JsonParser.parseString(committedSpec()).getAsJsonObject();
    assertEquals(TemplateSpecGenerator.PLACEHOLDER_IMAGE, spec.get("image").getAsString());
    assertEquals("JAVA", spec.getAsJsonObject("sdkInfo").get("language").getAsString());
    assertEquals(
        "the metadata, embedded whole", TemplateMetadata.load().json(), spec.get("metadata"));
    assertEquals(
        "traffic-analytics",
        spec.getAsJsonObject("defaultEnvironment")
            .getAsJsonObject("additionalUserLabels")
            .get("app")
            .getAsString());
  }

  @Test
  public void theGeneratorWritesASpecForARealImage() throws IOException {
    Path output = temporaryFolder.getRoot().toPath().resolve("gcs/traffic-analytics.json");
    String image =
        "us-central1-docker.pkg.dev/my-project/templates/traffic-analytics@sha256:"
            + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    TemplateSpecGenerator.main(new String[] {"--image=" + image, "--output=" + output});

    JsonObject spec = JsonParser.parseString(Files.readString(output)).getAsJsonObject();
    assertEquals(image, spec.get("image").getAsString());
    assertEquals(TemplateMetadata.load().json(), spec.get("metadata"));
  }

  @Test
  public void theGeneratorRefusesAnArgumentItDoesNotKnow() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TemplateSpecGenerator.main(new String[] {"--img=x"}));
    assertTrue(e.getMessage(), e.getMessage().contains("--img=x"));
  }
}

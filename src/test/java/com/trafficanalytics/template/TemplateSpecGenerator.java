package com.trafficanalytics.template;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the Flex Template spec file from {@code metadata/traffic-analytics-metadata.json}.
 *
 * <p>The spec is the JSON that {@code gcloud dataflow flex-template build} stores in Cloud Storage
 * and that {@code gcloud dataflow flex-template run} and the Console read: the image to launch, the
 * SDK language, the parameter metadata, and environment defaults for every job. The metadata file
 * is its only hand-written part, so the spec is always generated: Cloud Build writes the real one
 * with gcloud for the image it has just pushed (with {@link #GCLOUD_BUILD_FLAGS} for the same
 * environment), and this class writes the committed copy in {@code templates/}, with a placeholder
 * image, which {@code TemplateSpecTest} keeps in step with the metadata. It can also write a spec
 * for a real image, for a team that uploads it with {@code gcloud storage cp} instead.
 *
 * <p>Run it from the project directory (see docs/deploy.md):
 *
 * <pre>
 * mvn -B -q test-compile org.codehaus.mojo:exec-maven-plugin:3.6.4:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=com.trafficanalytics.template.TemplateSpecGenerator \
 *     [-Dexec.args="--image=IMAGE --output=FILE"]
 * </pre>
 */
public final class TemplateSpecGenerator {

  /** The committed spec, relative to the project directory. */
  public static final Path SPEC_FILE = Path.of("templates", "traffic-analytics.json");

  /** The image the committed spec names: the Artifact Registry form, with words to replace. */
  public static final String PLACEHOLDER_IMAGE =
      "REGION-docker.pkg.dev/PROJECT/REPOSITORY/traffic-analytics:TAG";

  /**
   * Labels put on every job launched from the template (and so on its workers and their disks),
   * which lets billing reports and the Dataflow job list pick out this product's jobs.
   */
  public static final Map<String, String> JOB_LABELS = Map.of("app", "traffic-analytics");

  /** The flags that make {@code gcloud dataflow flex-template build} write the same spec. */
  public static final String GCLOUD_BUILD_FLAGS =
      "--sdk-language=JAVA --additional-user-labels=app=traffic-analytics";

  /** The command that rewrites the committed spec; quoted in failure messages and the docs. */
  public static final String REGENERATE_COMMAND =
      "mvn -B -q test-compile org.codehaus.mojo:exec-maven-plugin:3.6.4:java"
          + " -Dexec.classpathScope=test"
          + " -Dexec.mainClass="
          + TemplateSpecGenerator.class.getName();

  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  private TemplateSpecGenerator() {}

  /**
   * The spec for {@code image}, with the fields in the order gcloud writes them, as pretty-printed
   * JSON ending in a newline.
   */
  public static String spec(JsonObject metadata, String image) {
    JsonObject sdkInfo = new JsonObject();
    sdkInfo.addProperty("language", "JAVA");

    JsonObject labels = new JsonObject();
    JOB_LABELS.forEach(labels::addProperty);
    JsonObject defaultEnvironment = new JsonObject();
    defaultEnvironment.add("additionalUserLabels", labels);

    JsonObject spec = new JsonObject();
    spec.addProperty("image", image);
    spec.add("sdkInfo", sdkInfo);
    spec.add("metadata", metadata);
    spec.add("defaultEnvironment", defaultEnvironment);
    return GSON.toJson(spec) + "\n";
  }

  /** The spec of the project in {@code projectDirectory}, for {@code image}. */
  public static String spec(Path projectDirectory, String image) {
    return spec(TemplateMetadata.load(projectDirectory).json(), image);
  }

  /**
   * Writes the spec. Arguments, all optional: {@code --image=} (default {@link #PLACEHOLDER_IMAGE})
   * and {@code --output=} (default {@link #SPEC_FILE}).
   */
  public static void main(String[] args) throws IOException {
    String image = PLACEHOLDER_IMAGE;
    Path output = SPEC_FILE;
    for (String arg : args) {
      if (arg.startsWith("--image=")) {
        image = arg.substring("--image=".length());
      } else if (arg.startsWith("--output=")) {
        output = Path.of(arg.substring("--output=".length()));
      } else {
        throw new IllegalArgumentException(
            "unknown argument " + arg + "; expected --image=IMAGE and/or --output=FILE");
      }
    }
    Path parent = output.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.writeString(output, spec(Path.of(""), image), StandardCharsets.UTF_8);
    System.out.println("Wrote " + output + " for image " + image);
  }
}

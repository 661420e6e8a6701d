package com.trafficanalytics.template;

import com.trafficanalytics.template.OptionParameters.Parameter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes every file generated from the options' annotations: the template metadata, the template
 * spec, the README (its options table) and the Terraform module's {@code parameters.tf}.
 *
 * <p>Maven runs it in {@code process-test-classes} (see pom.xml), writing the files under {@code
 * target/template-files/}, where {@code TemplateFilesTest} compares them with the committed ones.
 * With {@code --update=true} ({@link #REGENERATE_COMMAND}) it also writes them into the project.
 * With {@code --image=IMAGE} the spec names that image, for a team that uploads the spec itself.
 *
 * <pre>
 * arguments: --project=DIR (default .) --output=DIR (default target/template-files)
 *            [--update=true] [--image=IMAGE]
 * </pre>
 */
public final class TemplateFiles {

  /** The command that rewrites the committed files; quoted in failure messages and the docs. */
  public static final String REGENERATE_COMMAND =
      "./mvnw -B -q process-test-classes -Dtemplate.files.update=true";

  /** The metadata file, relative to the project directory. */
  public static final Path METADATA = Path.of("metadata", "traffic-analytics-metadata.json");

  /** The committed template spec (placeholder image), relative to the project directory. */
  public static final Path SPEC = Path.of("templates", "traffic-analytics.json");

  /** The README, whose options table is generated. */
  public static final Path README = Path.of("README.md");

  /** The Terraform module's generated file. */
  public static final Path TERRAFORM_PARAMETERS = Path.of(TerraformVariables.FILE);

  /** Where the build writes the generated files, relative to the project directory. */
  public static final Path OUTPUT = Path.of("target", "template-files");

  private TemplateFiles() {}

  /** Every generated file, by path relative to the project, for the project in {@code project}. */
  public static Map<Path, String> generate(Path project, String image) throws IOException {
    List<Parameter> parameters = OptionParameters.all();
    String readme = Files.readString(project.resolve(README), StandardCharsets.UTF_8);
    Map<Path, String> files = new LinkedHashMap<>();
    files.put(METADATA, TemplateJson.metadataFile(parameters));
    files.put(SPEC, TemplateJson.specFile(parameters, image));
    files.put(README, ReadmeOptionsTable.spliceInto(readme, parameters));
    files.put(TERRAFORM_PARAMETERS, TerraformVariables.file(parameters, REGENERATE_COMMAND));
    return files;
  }

  /** Writes {@code files} under {@code directory}. */
  public static void write(Map<Path, String> files, Path directory) throws IOException {
    for (Map.Entry<Path, String> file : files.entrySet()) {
      Path target = directory.resolve(file.getKey());
      Files.createDirectories(target.toAbsolutePath().getParent());
      Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
    }
  }

  /** See the class comment for the arguments. */
  public static void main(String[] args) throws IOException {
    Path project = Path.of("");
    Path output = null;
    boolean update = false;
    String image = TemplateJson.PLACEHOLDER_IMAGE;
    for (String arg : args) {
      if (arg.startsWith("--project=")) {
        project = Path.of(arg.substring("--project=".length()));
      } else if (arg.startsWith("--output=")) {
        output = Path.of(arg.substring("--output=".length()));
      } else if (arg.startsWith("--update=")) {
        update = Boolean.parseBoolean(arg.substring("--update=".length()));
      } else if (arg.startsWith("--image=")) {
        image = arg.substring("--image=".length());
      } else {
        throw new IllegalArgumentException(
            "unknown argument " + arg + "; expected --project=, --output=, --update=, --image=");
      }
    }
    if (update && !image.equals(TemplateJson.PLACEHOLDER_IMAGE)) {
      throw new IllegalArgumentException("--update writes the committed spec: it keeps the placeholder image");
    }
    if (output == null) {
      output = project.resolve(OUTPUT);
    }
    Map<Path, String> files = generate(project, image);
    write(files, output);
    System.out.println("Wrote " + files.size() + " generated files under " + output);
    if (update) {
      write(files, project);
      System.out.println("Updated " + files.keySet() + " in " + project.toAbsolutePath());
    }
  }
}

package com.trafficanalytics.template;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Terraform module's expressions evaluated by the real {@code terraform console}, without the
 * Google provider (which cannot be downloaded here): the console reads a copy of the module's files
 * that hold only variables and locals, so any expression over {@code var.*} and {@code local.*} (a
 * resource's {@code count}, a precondition, the schedule's request body) evaluates exactly as
 * Terraform would evaluate it in a plan.
 */
final class TerraformConsole {

  /** The module, relative to the project directory. */
  static final Path MODULE = Path.of("terraform");

  /** The module's files without providers or resources: all a console needs here. */
  static final List<String> VARIABLES_AND_LOCALS =
      List.of("variables.tf", "parameters.tf", "launch_request.tf");

  private static final Gson GSON = new Gson();

  private TerraformConsole() {}

  /** The installed terraform binary, if any. */
  static Optional<String> binary() {
    return Stream.of("/usr/local/bin/terraform", "/usr/bin/terraform")
        .filter(path -> new File(path).canExecute())
        .findFirst();
  }

  /**
   * The values of {@code expressions} (by name) with the module's variables set to {@code
   * variables}, as JSON reads them (numbers as doubles, objects as maps).
   */
  static Map<String, Object> evaluate(
      Map<String, Object> variables, Map<String, String> expressions)
      throws IOException, InterruptedException {
    Path folder = Files.createTempDirectory("terraform-console");
    try {
      for (String file : VARIABLES_AND_LOCALS) {
        Files.copy(MODULE.resolve(file), folder.resolve(file));
      }
      Files.writeString(folder.resolve("terraform.tfvars.json"), GSON.toJson(variables));
      // One line in, one line out: the whole answer as base64 of JSON, so no HCL value syntax
      // needs reading back.
      String object =
          expressions.entrySet().stream()
              .map(e -> e.getKey() + " = " + e.getValue())
              .collect(Collectors.joining(", ", "{ ", " }"));
      Path input =
          Files.writeString(
              folder.resolve("expression.txt"), "base64encode(jsonencode(" + object + "))\n");
      ProcessBuilder console =
          new ProcessBuilder(binary().orElseThrow(), "console")
              .directory(folder.toFile())
              .redirectInput(input.toFile())
              .redirectError(folder.resolve("stderr.txt").toFile());
      console.environment().put("TF_CLI_CONFIG_FILE", "/dev/null");
      console.environment().put("CHECKPOINT_DISABLE", "1");
      console.environment().put("TF_DATA_DIR", folder.resolve(".terraform").toString());
      Process process = console.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      // A guard against a hang, not a speed check.
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("terraform console did not finish: " + object);
      }
      if (process.exitValue() != 0) {
        throw new AssertionError(
            "terraform console failed on "
                + object
                + "\n"
                + Files.readString(folder.resolve("stderr.txt"), StandardCharsets.UTF_8));
      }
      String json =
          new String(
              Base64.getDecoder().decode(output.trim().replaceAll("^\"|\"$", "")),
              StandardCharsets.UTF_8);
      return GSON.fromJson(json, new TypeToken<Map<String, Object>>() {}.getType());
    } finally {
      try (Stream<Path> files = Files.walk(folder)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
          Files.delete(file);
        }
      }
    }
  }

  /** A JSON document (such as a base64-decoded request body) as maps, lists and doubles. */
  static Map<String, Object> json(String text) {
    return GSON.fromJson(text, new TypeToken<Map<String, Object>>() {}.getType());
  }
}

package com.trafficanalytics.template;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.NumberPrimitiveType;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.StringPrimitiveType;
import com.trafficanalytics.template.OptionParameters.Parameter;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * The Terraform module in {@code terraform/}, checked as far as it can be without the Google
 * provider (which cannot be downloaded here): {@code terraform fmt} parses and checks the layout,
 * and a Java HCL parser (hcl4j) reads the variables and follows each parameter's value to the job.
 */
public class TerraformModuleTest {

  private static final Path MODULE = Path.of("terraform");
  private static final Path DOCS = Path.of("docs", "deploy.md");

  /** The job's {@code parameters}: the parameter map less its null (unset) entries. */
  private static final Pattern JOB_PARAMETERS =
      Pattern.compile(
          "parameters\\s*=\\s*\\{\\s*for\\s+(\\w+)\\s*,\\s*(\\w+)\\s+in\\s+local\\."
              + TerraformVariables.LOCAL
              + "\\s*:\\s*\\1\\s*=>\\s*\\2\\s+if\\s+\\2\\s*!=\\s*null\\s*}");

  /** The example module block of docs/deploy.md. */
  private static final Pattern DOCS_EXAMPLE =
      Pattern.compile("```hcl\\n(module \"traffic_analytics\" \\{.*?\\n})\\n```", Pattern.DOTALL);

  private static String moduleText() throws Exception {
    try (Stream<Path> files = Files.list(MODULE)) {
      List<Path> tf =
          files.filter(f -> f.toString().endsWith(".tf")).sorted().collect(Collectors.toList());
      StringBuilder all = new StringBuilder();
      for (Path file : tf) {
        all.append(Files.readString(file, StandardCharsets.UTF_8)).append("\n");
      }
      return all.toString();
    }
  }

  /** The module as hcl4j reads it, with {@code var.NAME} bound to {@code values}. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String text, Map<String, Object> values)
      throws Exception {
    HCLParser parser = new HCLParser();
    // Terraform's tostring on a number: its shortest decimal text; tostring(null) is null.
    parser.registerFunction(
        "tostring",
        arguments -> {
          Object value = arguments.get(0);
          return value instanceof Number
              ? new BigDecimal(value.toString()).stripTrailingZeros().toPlainString()
              : value;
        });
    parser.setVariables(values);
    return parser.parse(text);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> variables(Map<String, Object> module) {
    return (Map<String, Map<String, Object>>) (Map<?, ?>) module.get("variable");
  }

  @Test
  public void terraformFmtFindsNothingToChange() throws Exception {
    String terraform =
        Stream.of("/usr/local/bin/terraform", "/usr/bin/terraform")
            .filter(path -> new File(path).canExecute())
            .findFirst()
            .orElse(null);
    assumeTrue("no terraform binary on this machine", terraform != null);
    Process fmt =
        new ProcessBuilder(terraform, "fmt", "-check", "-recursive", "-diff", MODULE.toString())
            .redirectErrorStream(true)
            .start();
    // A guard against a hang, not a speed check: fmt takes well under a second.
    assertTrue("terraform fmt did not finish", fmt.waitFor(2, TimeUnit.MINUTES));
    String output = new String(fmt.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(
        "terraform fmt -check -recursive terraform/ (run `terraform fmt -recursive terraform/`,"
            + " or regenerate parameters.tf) said:\n"
            + output,
        0,
        fmt.exitValue());
  }

  @Test
  public void everyParameterIsAVariableOfItsType() throws Exception {
    Map<String, Map<String, Object>> variables = variables(parse(moduleText(), Map.of()));
    for (Parameter parameter : OptionParameters.all()) {
      Map<String, Object> variable = variables.get(parameter.name());
      assertTrue("no variable " + parameter.name(), variable != null);
      boolean number = Number.class.isAssignableFrom(parameter.javaType());
      assertThat(
          parameter.name(),
          variable.get("type"),
          instanceOf(number ? NumberPrimitiveType.class : StringPrimitiveType.class));
      if (parameter.required()) {
        assertThat(parameter.name() + " is required", variable, not(hasKey("default")));
      } else {
        assertThat(parameter.name() + " is optional", variable, hasKey("default"));
        assertNull(parameter.name() + ": unset means unset", variable.get("default"));
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  public void everyParameterReachesTheJobUnderItsName() throws Exception {
    // Each variable gets the parameter's example (numbers as numbers, as Terraform reads them);
    // the module's parameter map must then hold exactly those values, as strings.
    Map<String, Object> values = new HashMap<>();
    for (Parameter parameter : OptionParameters.all()) {
      values.put(
          parameter.name(),
          Number.class.isAssignableFrom(parameter.javaType())
              ? (Object) Double.valueOf(parameter.example())
              : parameter.example());
    }
    Map<String, Object> module = parse(moduleText(), values);
    Map<String, Object> parameters =
        (Map<String, Object>)
            ((Map<String, Object>) module.get("locals")).get(TerraformVariables.LOCAL);
    Map<String, Object> expected = new HashMap<>();
    OptionParameters.all().forEach(p -> expected.put(p.name(), p.example()));
    assertEquals(expected, parameters);

    // hcl4j does not evaluate for-expressions, so the last step is read as text.
    Map<String, Object> job =
        (Map<String, Object>)
            ((Map<String, Object>)
                    ((Map<String, Object>) module.get("resource"))
                        .get("google_dataflow_flex_template_job"))
                .get("traffic_analytics");
    assertThat(job, hasKey("parameters"));
    Matcher matcher = JOB_PARAMETERS.matcher(moduleText());
    assertTrue("main.tf: the job's parameters must be " + JOB_PARAMETERS, matcher.find());
  }

  @Test
  public void theDocsExampleSetsOnlyDeclaredVariablesAndEveryRequiredOne() throws Exception {
    Matcher example = DOCS_EXAMPLE.matcher(Files.readString(DOCS, StandardCharsets.UTF_8));
    assertTrue(DOCS + " has no ```hcl module \"traffic_analytics\" example", example.find());
    @SuppressWarnings("unchecked")
    Map<String, Object> arguments =
        (Map<String, Object>)
            ((Map<String, Object>) parse(example.group(1), Map.of()).get("module"))
                .get("traffic_analytics");
    Map<String, Map<String, Object>> variables = variables(parse(moduleText(), Map.of()));

    Set<String> given = new TreeSet<>(arguments.keySet());
    given.remove("source");
    Set<String> unknown = new TreeSet<>(given);
    unknown.removeAll(variables.keySet());
    assertThat("arguments the module does not declare", unknown, empty());
    variables.forEach(
        (name, variable) -> {
          if (!variable.containsKey("default")) {
            assertThat("the example must set the required " + name, given, hasItem(name));
          }
        });
  }
}

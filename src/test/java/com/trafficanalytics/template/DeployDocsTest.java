package com.trafficanalytics.template;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.Assert.assertEquals;

import com.trafficanalytics.template.TemplateMetadata.Parameter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.Test;

/**
 * docs/deploy.md says what the metadata and the build say: its parameter table lists every
 * parameter with the metadata's default and modes, and it quotes the generator's command.
 */
public class DeployDocsTest {

  private static final Path DOCS = Path.of("docs", "deploy.md");

  /** The rows of the parameter table, by parameter name, as their cells. */
  private static Map<String, List<String>> parameterRows() throws IOException {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    boolean inTable = false;
    for (String line : Files.readAllLines(DOCS, StandardCharsets.UTF_8)) {
      if (line.startsWith("| Parameter |")) {
        inTable = true;
      } else if (inTable && line.startsWith("| `")) {
        List<String> cells = new ArrayList<>();
        for (String cell : line.substring(1, line.length() - 1).split("\\|")) {
          cells.add(cell.trim());
        }
        rows.put(cells.get(0).replace("`", ""), cells);
      } else if (inTable && !line.startsWith("|")) {
        break;
      }
    }
    return rows;
  }

  @Test
  public void theParameterTableListsEveryParameterWithItsDefaultAndModes() throws IOException {
    Map<String, List<String>> rows = parameterRows();
    TemplateMetadata metadata = TemplateMetadata.load();
    assertEquals(
        "parameters in " + DOCS,
        metadata.parameters().stream().map(Parameter::name).sorted().collect(Collectors.toList()),
        rows.keySet().stream().sorted().collect(Collectors.toList()));
    for (Parameter parameter : metadata.parameters()) {
      List<String> row = rows.get(parameter.name());
      String documentedDefault = row.get(2);
      if (parameter.defaultValue().isPresent()) {
        assertEquals(
            parameter + ": default in " + DOCS,
            "`" + parameter.defaultValue().get() + "`",
            documentedDefault);
      } else {
        assertThat(
            parameter + ": a parameter without a default in " + DOCS,
            parameter.isOptional() ? List.of("none", "off") : List.of("required"),
            hasItem(documentedDefault));
      }
      String expectedModes =
          parameter.parentTriggerValues().isEmpty()
              ? "all"
              : parameter.parentTriggerValues().stream()
                  .map(value -> "`" + value + "`")
                  .collect(Collectors.joining(", "));
      assertEquals(parameter + ": modes in " + DOCS, expectedModes, row.get(3));
    }
  }

  @Test
  public void itQuotesTheCommandThatRegeneratesTheSpec() throws IOException {
    assertThat(
        Files.readString(DOCS, StandardCharsets.UTF_8),
        containsString(TemplateSpecGenerator.REGENERATE_COMMAND));
  }
}

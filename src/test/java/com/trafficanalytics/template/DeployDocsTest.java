package com.trafficanalytics.template;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;

/**
 * docs/deploy.md says what the build does: it quotes the command that regenerates the generated
 * files, and it points to the README's generated options table instead of keeping a copy.
 */
public class DeployDocsTest {

  private static final Path DOCS = Path.of("docs", "deploy.md");

  @Test
  public void itQuotesTheCommandThatRegeneratesTheGeneratedFiles() throws IOException {
    assertThat(
        Files.readString(DOCS, StandardCharsets.UTF_8),
        containsString(TemplateFiles.REGENERATE_COMMAND));
  }

  @Test
  public void itKeepsNoCopyOfTheParameterTable() throws IOException {
    String docs = Files.readString(DOCS, StandardCharsets.UTF_8);
    assertThat(docs, not(containsString("| Parameter |")));
    assertThat(docs, containsString("README.md#options"));
  }
}

package com.trafficanalytics;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import com.google.api.services.bigquery.model.TableReference;
import com.trafficanalytics.options.InvalidOptionException;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryHelpers;
import org.junit.Test;

/**
 * The table specs users may write, each turned into the one canonical {@code
 * PROJECT:DATASET.TABLE}; and the canonical form is what Beam's own parser reads back into the same
 * project, dataset and table, so BigQueryIO writes where the user meant.
 */
public class BigQueryTablesTest {
  private static final String OPTION = "userTrafficTable";

  @Test
  public void projectColonDatasetDotTableIsAlreadyCanonical() throws Exception {
    assertCanonical(
        "my-project:logs.user_traffic", "my-project", "logs", "user_traffic",
        canonical("my-project:logs.user_traffic", null));
  }

  @Test
  public void projectDotDatasetDotTableBecomesCanonical() throws Exception {
    assertCanonical(
        "my-project:logs.user_traffic", "my-project", "logs", "user_traffic",
        canonical("my-project.logs.user_traffic", null));
  }

  @Test
  public void datasetDotTableTakesTheProjectOption() throws Exception {
    assertCanonical(
        "my-project:logs.user_traffic", "my-project", "logs", "user_traffic",
        canonical("logs.user_traffic", "my-project"));
  }

  @Test
  public void aProjectInTheSpecWinsOverTheProjectOption() throws Exception {
    assertCanonical(
        "other-project:logs.user_traffic", "other-project", "logs", "user_traffic",
        canonical("other-project:logs.user_traffic", "my-project"));
  }

  @Test
  public void domainScopedProjectsKeepTheirDomain() throws Exception {
    assertCanonical(
        "example.com:my-project:logs.user_traffic", "example.com:my-project", "logs",
        "user_traffic", canonical("example.com:my-project:logs.user_traffic", null));
    assertCanonical(
        "example.com:my-project:logs.user_traffic", "example.com:my-project", "logs",
        "user_traffic", canonical("example.com:my-project.logs.user_traffic", null));
    assertEquals(
        "example.com:my-project:logs",
        BigQueryTables.datasetOf("example.com:my-project:logs.user_traffic"));
  }

  /** The Console form and shells may leave spaces around a value. */
  @Test
  public void surroundingSpacesAreIgnored() throws Exception {
    assertEquals("my-project:logs.t", canonical("  my-project:logs.t \n", null));
  }

  @Test
  public void datasetDotTableWithoutAProjectNamesTheProjectOption() {
    for (String project : new String[] {null, ""}) {
      InvalidOptionException e =
          assertThrows(InvalidOptionException.class, () -> canonical("logs.user_traffic", project));
      assertThat(e.getMessage(), containsString("--userTrafficTable=logs.user_traffic"));
      assertThat(e.getMessage(), containsString("--project=PROJECT"));
    }
  }

  @Test
  public void malformedSpecsAreRejectedWithTheFormsToUse() {
    for (String spec :
        new String[] {
          "user_traffic", "my-project:logs", "my-project:logs.", ":logs.t", "my-project:lo gs.t",
          "my-project:logs.t!", "My_Project:logs.t", "",
        }) {
      InvalidOptionException e =
          assertThrows(spec, InvalidOptionException.class, () -> canonical(spec, "my-project"));
      assertThat(e.getMessage(), containsString("--userTrafficTable=" + spec));
      assertThat(e.getMessage(), containsString("PROJECT:DATASET.TABLE"));
    }
  }

  /** BigQuery table names are Unicode: letters, marks, numbers, "_", "-" and spaces. */
  @Test
  public void unicodeTableNamesAreAccepted() throws Exception {
    for (String table : new String[] {"tráfico_por_usuário", "用户 流量", "trafic-né-2026"}) {
      assertCanonical(
          "my-project:logs." + table, "my-project", "logs", table,
          canonical("my-project:logs." + table, null));
    }
  }

  /**
   * What Beam's parser lets through but BigQuery refuses: a project id with ":" inside (read from
   * "my-project:logs.v1.t"), a dataset with "-" (letters,
   * digits and underscores only), a table with a "$" partition or "@" snapshot decorator (no table
   * this job can create); and what BigQueryIO itself could not parse although BigQuery allows it
   * (an en dash, a no-break space): refused here rather than when the pipeline is built.
   */
  @Test
  public void namesBigQueryOrBigQueryIoWouldRefuseAreRejected() {
    for (String spec :
        new String[] {
          "my-project:my-logs.t", "my-project:logs.v1.t", "my-project:logs.t$20260305",
          "my-project:logs.t@1700000000", "my-project:logs.a\u2013b", "my-project:logs.a\u00a0b",
        }) {
      InvalidOptionException e =
          assertThrows(spec, InvalidOptionException.class, () -> canonical(spec, "my-project"));
      assertThat(e.getMessage(), containsString("--userTrafficTable=" + spec));
      assertThat(e.getMessage(), containsString("PROJECT:DATASET.TABLE"));
    }
  }

  private static String canonical(String spec, String project) throws InvalidOptionException {
    return BigQueryTables.canonical(OPTION, spec, project);
  }

  private static void assertCanonical(
      String expected, String project, String dataset, String table, String actual) {
    assertEquals(expected, actual);
    TableReference parsed = BigQueryHelpers.parseTableSpec(actual);
    assertEquals(project, parsed.getProjectId());
    assertEquals(dataset, parsed.getDatasetId());
    assertEquals(table, parsed.getTableId());
  }
}

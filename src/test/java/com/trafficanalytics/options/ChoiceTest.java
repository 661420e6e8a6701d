package com.trafficanalytics.options;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.WriteDisposition;
import org.junit.Test;

/** The values of the ENUM parameters, as the form offers them and the checks accept them. */
public class ChoiceTest {

  @Test
  public void modesAreOfferedDefaultFirstUnderTheirCommandLineNames() {
    List<String> values = Choice.all(Mode.class).stream().map(Choice::value).toList();
    assertEquals(List.of("both", "user_traffic", "minute_traffic"), values);
    assertEquals(Mode.USER_TRAFFIC, Choice.find(Mode.class, "user_traffic").orElseThrow());
    assertTrue(Choice.find(Mode.class, "USER_TRAFFIC").isEmpty());
  }

  @Test
  public void everyWriteDispositionOfferedIsOneBigQueryKnows() {
    for (TableWriteDisposition offered : TableWriteDisposition.values()) {
      assertEquals(offered.name(), offered.choice().value());
      assertEquals(offered.name(), WriteDisposition.valueOf(offered.name()).name());
    }
  }

  @Test
  public void everyChoiceHasWordsForTheForm() {
    for (Class<? extends Choice.Of> type : List.of(Mode.class, TableWriteDisposition.class)) {
      for (Choice choice : Choice.all(type)) {
        assertTrue(choice + ": a label", !choice.label().isBlank());
        assertTrue(choice + ": a sentence", choice.description().endsWith("."));
      }
    }
  }

  @Test
  public void anUnknownValueIsRefusedWithTheValuesTheOptionTakes() {
    InvalidOptionException refused =
        assertThrows(
            InvalidOptionException.class,
            () -> Choice.parse(TableWriteDisposition.class, "writeDisposition", "TRUNCATE"));
    assertEquals(
        "--writeDisposition=TRUNCATE is not a value of --writeDisposition; use one of"
            + " WRITE_TRUNCATE, WRITE_APPEND, WRITE_EMPTY",
        refused.getMessage());
  }

  @Test
  public void aKnownValueParsesToItsConstant() throws InvalidOptionException {
    assertEquals(
        TableWriteDisposition.WRITE_EMPTY,
        Choice.parse(TableWriteDisposition.class, "writeDisposition", "WRITE_EMPTY"));
    assertEquals(Mode.BOTH, Choice.parse(Mode.class, "mode", "both"));
  }
}

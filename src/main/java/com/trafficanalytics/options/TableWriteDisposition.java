package com.trafficanalytics.options;

/**
 * The values of {@code --writeDisposition}: BigQuery's write dispositions of the same names, with
 * the words the Console form shows for each. Only the ones listed here are offered and accepted.
 */
public enum TableWriteDisposition implements Choice.Of {
  WRITE_TRUNCATE("Replace", "Replace the table's rows; a rerun gives the same table."),
  WRITE_APPEND("Append", "Add the rows to what the table holds."),
  WRITE_EMPTY("Only into an empty table", "Fail the run if the table already has rows.");

  private final Choice choice;

  TableWriteDisposition(String label, String description) {
    this.choice = new Choice(name(), label, description);
  }

  @Override
  public Choice choice() {
    return choice;
  }
}

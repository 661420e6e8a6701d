package com.trafficanalytics.sinks;

import com.google.api.services.bigquery.model.TableRow;
import com.trafficanalytics.table.OutputTable;
import java.util.List;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;

/**
 * Where one output of the pipeline goes: a BigQuery table or a folder of newline-delimited JSON
 * files. Both take the same rows, so the analyses never know which one they feed.
 */
public sealed interface Destination permits BigQueryDestination, FolderDestination {

  /**
   * The steps that write rows shaped as {@code table} here, the rows arriving in blocks (lists of
   * rows: on the DirectRunner every element pays for itself at every step, so a row an element
   * costs more than the row). Their output is a signal that is complete once everything is
   * written, for steps that must wait for the write ({@code Wait.on}).
   */
  PTransform<PCollection<List<TableRow>>, PCollection<?>> writer(OutputTable table);

  /**
   * Checks, before the pipeline starts, that this destination can receive an output of a run
   * reading {@code inputFiles}; the default (tables) checks nothing.
   *
   * @throws UnusableOutputException with one line saying what is wrong and how to fix it
   */
  default void checkUsable(List<String> inputFiles) throws UnusableOutputException {}

  /** Where the rows go, for people: a table spec or a folder. */
  String describe();
}

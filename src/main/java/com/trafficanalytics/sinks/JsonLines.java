package com.trafficanalytics.sinks;

import com.trafficanalytics.coders.FieldsCoder;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * A block of whole lines of JSON, one row each, on its way into a file: the text without its last
 * newline ({@code TextIO} writes it as one element and adds the newline) and how many rows it
 * holds (for the folder's manifest).
 *
 * <p>Rows travel to the files in blocks, not one element each, because on the DirectRunner every
 * element pays for itself at every step it passes (its metrics bookkeeping, and the grouping by
 * shard the DirectRunner adds to every file write): with 632,000 users those per-row costs took
 * longer than reading the input. The files' bytes are the same either way.
 *
 * @param text the rows' JSON lines, joined by {@code \n}
 * @param rows how many lines {@code text} holds
 */
@DefaultCoder(FieldsCoder.class)
public record JsonLines(String text, long rows) {}

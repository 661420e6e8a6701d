package com.trafficanalytics.read;

import com.google.api.services.bigquery.model.TableRow;
import com.trafficanalytics.analysis.KeySpace;
import com.trafficanalytics.analysis.MergePartialTraffic;
import com.trafficanalytics.analysis.TrafficStats;
import com.trafficanalytics.analysis.TrafficAnalysis;
import com.trafficanalytics.deadletter.DeadLetter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileIO.ReadableFile;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * The heart of the pipeline: reads the input files once and computes every requested analysis,
 * separating the lines that are not events into dead letters.
 *
 * <p>Each file range is parsed and pre-aggregated where it is read ({@link
 * ReadAndPreAggregateFn}); only partial figures are shuffled, and each analysis merges them into
 * one set of figures per key ({@link MergePartialTraffic}), then its rows. No I/O but the reading
 * of the given files: the results are handed to the sinks and the report by the caller.
 */
public final class AnalyzeTrafficFiles
    extends PTransform<PCollection<ReadableFile>, AnalyzeTrafficFiles.Result> {

  static final TupleTag<LineCounts> LINE_COUNTS = new TupleTag<>("line-counts");

  // An anonymous subclass keeps the element type, so Beam finds DeadLetter's @DefaultCoder.
  private static final TupleTag<DeadLetter> DEAD_LETTERS =
      new TupleTag<DeadLetter>("dead-letters") {};

  private final List<TrafficAnalysis<?>> analyses;
  private final int maxLineBytes;
  private final long chunkBytes;
  private final long chunksPerSplit;
  private final KeySpace keySpace;

  private AnalyzeTrafficFiles(
      List<TrafficAnalysis<?>> analyses,
      int maxLineBytes,
      long chunkBytes,
      long chunksPerSplit,
      KeySpace keySpace) {
    this.analyses = List.copyOf(analyses);
    this.maxLineBytes = maxLineBytes;
    this.chunkBytes = chunkBytes;
    this.chunksPerSplit = chunksPerSplit;
    this.keySpace = keySpace;
  }

  /**
   * Computes {@code analyses} over the lines of the input files, merged in the smallest key space
   * (right for small inputs; a large input needs {@link #withKeySpace}).
   *
   * @param maxLineBytes lines longer than this become dead letters
   */
  public static AnalyzeTrafficFiles of(List<TrafficAnalysis<?>> analyses, int maxLineBytes) {
    return new AnalyzeTrafficFiles(
        analyses,
        maxLineBytes,
        ReadAndPreAggregateFn.DEFAULT_CHUNK_BYTES,
        ReadAndPreAggregateFn.CHUNKS_PER_SPLIT,
        KeySpace.forInputBytes(0));
  }

  /**
   * The same, with the partial figures keyed in {@code keySpace}: sized from the input where the
   * pipeline is built ({@link InputSize}), so the merge's elements and accumulators stay bounded.
   */
  public AnalyzeTrafficFiles withKeySpace(KeySpace keySpace) {
    return new AnalyzeTrafficFiles(analyses, maxLineBytes, chunkBytes, chunksPerSplit, keySpace);
  }

  /**
   * The same with another chunk size (bytes of line starts per chunk): larger chunks in one
   * process ({@link InputSize#chunkBytesForOneProcess}); tests use tiny chunks so that every line
   * boundary case falls on a chunk boundary somewhere.
   */
  public AnalyzeTrafficFiles withChunkBytes(long chunkBytes) {
    return new AnalyzeTrafficFiles(analyses, maxLineBytes, chunkBytes, chunksPerSplit, keySpace);
  }

  /**
   * The same with another number of chunks per initial split of a file: one in one process,
   * where each chunk is already a thread's share ({@link InputSize#chunkBytesForOneProcess}).
   */
  public AnalyzeTrafficFiles withChunksPerSplit(long chunksPerSplit) {
    return new AnalyzeTrafficFiles(analyses, maxLineBytes, chunkBytes, chunksPerSplit, keySpace);
  }

  @Override
  public Result expand(PCollection<ReadableFile> files) {
    List<TupleTag<?>> partialTags = new ArrayList<>();
    for (TrafficAnalysis<?> analysis : analyses) {
      partialTags.add(analysis.partialsTag());
    }
    PCollectionTuple read =
        files.apply(
            "Read, parse and pre-aggregate",
            ParDo.of(
                    new ReadAndPreAggregateFn(
                        analyses,
                        maxLineBytes,
                        chunkBytes,
                        chunksPerSplit,
                        keySpace,
                        DEAD_LETTERS))
                .withOutputTags(LINE_COUNTS, TupleTagList.of(DEAD_LETTERS).and(partialTags)));
    Map<String, PCollection<List<TableRow>>> rows = new LinkedHashMap<>();
    Map<String, PCollection<? extends KV<Integer, ? extends Map<?, TrafficStats>>>> merged =
        new LinkedHashMap<>();
    for (TrafficAnalysis<?> analysis : analyses) {
      merge(read, analysis, keySpace, rows, merged);
    }
    return new Result(
        rows,
        merged,
        read.get(DEAD_LETTERS),
        read.get(LINE_COUNTS));
  }

  private static <K> void merge(
      PCollectionTuple read,
      TrafficAnalysis<K> analysis,
      KeySpace keySpace,
      Map<String, PCollection<List<TableRow>>> rows,
      Map<String, PCollection<? extends KV<Integer, ? extends Map<?, TrafficStats>>>> merged) {
    PCollection<KV<Integer, Map<K, TrafficStats>>> figures =
        read.get(analysis.partialsTag())
            .setCoder(MergePartialTraffic.partialsCoder(analysis))
            .apply(MergePartialTraffic.of(analysis, keySpace));
    merged.put(analysis.name(), figures);
    rows.put(analysis.name(), figures.apply(MergePartialTraffic.toRows(analysis)));
  }

  /**
   * The rows and merged figures of each analysis, the dead letters and the line counts of every
   * part read.
   */
  public static final class Result implements POutput {
    private final Map<String, PCollection<List<TableRow>>> rows;
    private final Map<String, PCollection<? extends KV<Integer, ? extends Map<?, TrafficStats>>>>
        merged;
    private final PCollection<DeadLetter> deadLetters;
    private final PCollection<LineCounts> lineCounts;

    private Result(
        Map<String, PCollection<List<TableRow>>> rows,
        Map<String, PCollection<? extends KV<Integer, ? extends Map<?, TrafficStats>>>> merged,
        PCollection<DeadLetter> deadLetters,
        PCollection<LineCounts> lineCounts) {
      this.rows = rows;
      this.merged = merged;
      this.deadLetters = deadLetters;
      this.lineCounts = lineCounts;
    }

    /**
     * The merged figures of the analysis named {@code analysisName}, whose groups are {@code
     * groupType}: each element one key's groups, the same figures as its rows (see {@link
     * MergePartialTraffic#toRows}).
     */
    @SuppressWarnings("unchecked")
    public <K> PCollection<KV<Integer, Map<K, TrafficStats>>> merged(
        String analysisName, Class<K> groupType) {
      PCollection<? extends KV<Integer, ? extends Map<?, TrafficStats>>> result =
          merged.get(analysisName);
      if (result == null) {
        throw new IllegalArgumentException("No analysis named " + analysisName + " ran");
      }
      return (PCollection<KV<Integer, Map<K, TrafficStats>>>) result;
    }

    /**
     * The output rows of the analysis named {@code analysisName}, in blocks (see {@link
     * MergePartialTraffic#toRows}).
     */
    public PCollection<List<TableRow>> rows(String analysisName) {
      PCollection<List<TableRow>> result = rows.get(analysisName);
      if (result == null) {
        throw new IllegalArgumentException("No analysis named " + analysisName + " ran");
      }
      return result;
    }

    /** Every rejected line, and every file that could not be read (whole or past some byte). */
    public PCollection<DeadLetter> deadLetters() {
      return deadLetters;
    }

    /** How the lines of each part of the input were classified (sum them for the totals). */
    public PCollection<LineCounts> lineCounts() {
      return lineCounts;
    }

    @Override
    public Pipeline getPipeline() {
      return lineCounts.getPipeline();
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      Map<TupleTag<?>, PValue> outputs = new LinkedHashMap<>();
      rows.forEach((name, collection) -> outputs.put(new TupleTag<>("rows-" + name), collection));
      merged.forEach(
          (name, collection) -> outputs.put(new TupleTag<>("merged-" + name), collection));
      outputs.put(DEAD_LETTERS, deadLetters);
      outputs.put(LINE_COUNTS, lineCounts);
      return outputs;
    }

    @Override
    public void finishSpecifyingOutput(
        String transformName, PInput input, PTransform<?, ?> transform) {}
  }
}

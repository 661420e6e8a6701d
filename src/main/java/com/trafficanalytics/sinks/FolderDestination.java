package com.trafficanalytics.sinks;

import com.google.api.services.bigquery.model.TableRow;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * A folder (local or {@code gs://}) that receives an output as newline-delimited JSON files named
 * {@code part-SSSSS-of-NNNNN.json}, one row per line. A run replaces the folder's JSON files, as
 * WRITE_TRUNCATE replaces a table: the new files are written first, then every other {@code
 * .json} file in the folder is deleted.
 *
 * @param folder the folder, e.g. {@code output/user_traffic} or {@code gs://bucket/traffic/dead_letter}
 */
public record FolderDestination(String folder) implements Destination {

  /** The sub-folder {@code name} of {@code parent}. */
  public static FolderDestination under(String parent, String name) {
    ResourceId child =
        FileSystems.matchNewResource(parent, true)
            .resolve(name, StandardResolveOptions.RESOLVE_DIRECTORY);
    return new FolderDestination(child.toString());
  }

  @Override
  public PTransform<PCollection<TableRow>, PCollection<?>> writer(OutputTable table) {
    return new PTransform<>() {
      @Override
      public PCollection<?> expand(PCollection<TableRow> rows) {
        ResourceId directory = FileSystems.matchNewResource(folder, true);
        return rows.apply(
                "To JSON lines",
                MapElements.into(TypeDescriptors.strings()).via(TableRowJson::toJsonLine))
            .apply(
                "Write JSON files",
                TextIO.write()
                    .to(directory.resolve("part", StandardResolveOptions.RESOLVE_FILE))
                    .withSuffix(".json")
                    .withOutputFilenames())
            .getPerDestinationOutputFilenames()
            .apply("File names", Values.create())
            .apply("Delete stale files", DeleteStaleFiles.in(folder));
      }
    };
  }

  @Override
  public String describe() {
    return folder;
  }
}

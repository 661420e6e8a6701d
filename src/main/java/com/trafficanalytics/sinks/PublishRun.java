package com.trafficanalytics.sinks;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Makes a fully written run the current result of its folder, in an order where a kill at any
 * point leaves a complete result in place:
 *
 * <ol>
 *   <li>the manifest ({@code _MANIFEST}: every file with its size, and the row count) is written
 *       whole into the run folder, after every data file: its presence means the run is complete;
 *   <li>{@code CURRENT} is replaced by one naming this run (the pointer on every file system);
 *   <li>on a local disk, the folder's symbolic link is replaced by one rename;
 *   <li>run folders other than this run and the one it replaced are deleted.
 * </ol>
 *
 * <p>The same for one day's partition of a result: its own manifest, {@code CURRENT} and link, and
 * only its own run folders deleted.
 *
 * <p>Outputs the run id once done, for steps that wait for the write.
 */
final class PublishRun extends DoFn<KV<Void, Iterable<String>>, String> {
  private final FolderLayout layout;
  private final String runId;
  private final PCollectionView<Long> rowCount;

  PublishRun(FolderLayout layout, String runId, PCollectionView<Long> rowCount) {
    this.layout = layout;
    this.runId = runId;
    this.rowCount = rowCount;
  }

  @ProcessElement
  public void processElement(ProcessContext context) throws IOException {
    List<String> files = new ArrayList<>();
    for (String file : context.element().getValue()) {
      files.add(file);
    }
    files.sort(null);
    String runFolder = layout.runFolder(runId);
    RunFolders.writeWhole(
        layout,
        runId,
        runFolder + "/" + FolderLayout.MANIFEST,
        manifest(files, context.sideInput(rowCount)));

    Set<String> keep = new HashSet<>();
    keep.add(runId);
    addIfPresent(keep, RunFolders.shownRun(layout));

    RunFolders.writeWhole(layout, runId, layout.stateFile(FolderLayout.CURRENT), runId + "\n");
    if (layout.isLocal()) {
      swapLink();
    }
    RunFolders.deleteRunsExcept(layout, keep);
    context.output(runId);
  }

  private void swapLink() throws IOException {
    Path link = Paths.get(layout.folder());
    Path newLink = Paths.get(layout.runFolder(runId), ".link");
    Files.deleteIfExists(newLink);
    // A day's link sits in the result's folder, which the first dated run makes.
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(newLink, Paths.get(layout.linkTarget(runId)));
    if (Files.isDirectory(link, LinkOption.NOFOLLOW_LINKS)) {
      // An empty folder made by hand (the check before the run refused any other): a rename
      // cannot replace a folder with a link.
      Files.delete(link);
    }
    Files.move(newLink, link, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The manifest: the output, the run, the row count, and each file's name and size in bytes. */
  private String manifest(List<String> files, long rows) throws IOException {
    StringWriter text = new StringWriter();
    try (JsonWriter json = new JsonWriter(text)) {
      json.setIndent("  ");
      json.beginObject();
      json.name("output").value(layout.name());
      if (layout.partitionName() != null) {
        json.name("partition").value(layout.partitionName());
      }
      json.name("run").value(runId);
      json.name("rows").value(rows);
      json.name("files").beginArray();
      for (String file : files) {
        ResourceId id = FileSystems.matchNewResource(file, false);
        MatchResult.Metadata metadata = FileSystems.matchSingleFileSpec(id.toString());
        json.beginObject();
        json.name("name").value(id.getFilename());
        json.name("bytes").value(metadata.sizeBytes());
        json.endObject();
      }
      json.endArray();
      json.endObject();
    }
    return text + "\n";
  }

  private static void addIfPresent(Set<String> runs, String run) {
    if (run != null) {
      runs.add(run);
    }
  }
}

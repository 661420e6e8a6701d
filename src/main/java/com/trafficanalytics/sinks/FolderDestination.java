package com.trafficanalytics.sinks;

import com.google.api.services.bigquery.model.TableRow;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * A folder (local or {@code gs://}) that receives an output as newline-delimited JSON files named
 * {@code part-SSSSS-of-NNNNN.json}, one row per line.
 *
 * <p>A run never writes into the folder a reader sees: it writes a run folder of its own (see
 * {@link FolderLayout}), then its manifest, then makes that run the current one ({@link
 * PublishRun}). On a local disk the folder is a symbolic link swapped by one rename, so a reader
 * sees the earlier complete run or the new one, never a mix. The job deletes only run folders it
 * made, and refuses (before anything runs) a folder holding anything else.
 *
 * @param folder the folder, e.g. {@code output/user_traffic} or {@code gs://bucket/traffic/dead_letter}
 */
public record FolderDestination(String folder) implements Destination {
  private static final DateTimeFormatter RUN_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** The sub-folder {@code name} of {@code parent}. */
  public static FolderDestination under(String parent, String name) {
    ResourceId child =
        FileSystems.matchNewResource(parent, true)
            .resolve(name, StandardResolveOptions.RESOLVE_DIRECTORY);
    return new FolderDestination(child.toString());
  }

  @Override
  public PTransform<PCollection<TableRow>, PCollection<?>> writer(OutputTable table) {
    FolderLayout layout;
    try {
      layout = FolderLayout.of(folder);
    } catch (UnusableOutputException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    // Chosen when the pipeline is built, so every step of the run agrees on it.
    String runId =
        RUN_TIME.format(Instant.now())
            + "-"
            + String.format(Locale.ROOT, "%08x", ThreadLocalRandom.current().nextInt());
    return new PTransform<>() {
      @Override
      public PCollection<?> expand(PCollection<TableRow> rows) {
        PCollectionView<Long> rowCount =
            rows.apply("Count rows", Count.globally()).apply("Row count", View.asSingleton());
        ResourceId runFolder = FileSystems.matchNewResource(layout.runFolder(runId), true);
        return rows.apply(
                "To JSON lines",
                MapElements.into(TypeDescriptors.strings()).via(TableRowJson::toJsonLine))
            .apply(
                "Write JSON files",
                TextIO.write()
                    .to(runFolder.resolve("part", StandardResolveOptions.RESOLVE_FILE))
                    .withSuffix(".json")
                    .withOutputFilenames())
            .getPerDestinationOutputFilenames()
            .apply("File names", Values.create())
            .apply("One key", WithKeys.of((Void) null))
            .setCoder(KvCoder.of(VoidCoder.of(), StringUtf8Coder.of()))
            .apply("All written files", GroupByKey.create())
            .apply(
                "Publish the run",
                ParDo.of(new PublishRun(layout, runId, rowCount)).withSideInputs(rowCount));
      }
    };
  }

  /**
   * Checks, before anything runs, that this folder can receive the output: it is not the input
   * nor holds it, it holds nothing the job did not write, and it can be created and written.
   *
   * @param inputFiles the input files that the input pattern matched
   */
  @Override
  public void checkUsable(List<String> inputFiles) throws UnusableOutputException {
    FolderLayout layout = FolderLayout.of(folder);
    String stateRoot = layout.stateFolder().substring(0, layout.stateFolder().lastIndexOf('/'));
    for (String input : inputFiles) {
      String file = layout.isLocal() ? Paths.get(input).toAbsolutePath().normalize().toString() : input;
      if (file.equals(layout.folder())) {
        throw new UnusableOutputException(
            layout.folder() + " is the input file; write the outputs to a folder apart from the"
                + " input");
      }
      if (file.startsWith(layout.folder() + "/")
          || file.startsWith(stateRoot + "/")) {
        throw new UnusableOutputException(
            layout.folder() + " holds the input file " + file + "; write the outputs to a"
                + " folder apart from the input");
      }
    }
    if (layout.isLocal()) {
      checkLocalFolder(layout);
    } else {
      checkNoForeignFiles(layout);
    }
    // The same probe on every file system: the job's state folder can be created and written.
    String probe = layout.stateFile(".probe-" + Long.toHexString(System.nanoTime()));
    try {
      ResourceId probeFile = FileSystems.matchNewResource(probe, false);
      try (WritableByteChannel channel = FileSystems.create(probeFile, "text/plain")) {
        channel.write(java.nio.ByteBuffer.wrap(new byte[] {'o', 'k'}));
      }
      FileSystems.delete(List.of(probeFile));
    } catch (IOException | RuntimeException e) {
      throw new UnusableOutputException(
          layout.folder() + " cannot be written (" + cause(e) + "); give a folder that this"
              + " user can create and write");
    }
  }

  private static void checkLocalFolder(FolderLayout layout) throws UnusableOutputException {
    Path folder = Paths.get(layout.folder());
    for (Path above = folder.getParent(); above != null; above = above.getParent()) {
      if (Files.exists(above) && !Files.isDirectory(above)) {
        throw new UnusableOutputException(
            above + " is a file, not a folder; give a folder for the outputs");
      }
    }
    if (Files.isSymbolicLink(folder)) {
      String target;
      try {
        target = Files.readSymbolicLink(folder).toString();
      } catch (IOException e) {
        target = "";
      }
      if (layout.runOfLinkTarget(target) == null) {
        throw new UnusableOutputException(
            folder + " is a symbolic link this job did not make (to " + target + "); remove it"
                + " or choose another folder");
      }
      return;
    }
    if (Files.isRegularFile(folder, LinkOption.NOFOLLOW_LINKS)) {
      throw new UnusableOutputException(
          folder + " is a file, not a folder; move it away or choose another folder");
    }
    if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> entries = Files.list(folder)) {
        if (entries.findAny().isPresent()) {
          throw new UnusableOutputException(foreignFiles(layout));
        }
      } catch (IOException e) {
        throw new UnusableOutputException(
            folder + " cannot be read (" + cause(e) + "); give a folder this user can write");
      }
    }
    try {
      // Gives the operating system's reason ("Read-only file system") where the probe cannot.
      Files.createDirectories(Paths.get(layout.stateFolder()));
    } catch (IOException e) {
      throw new UnusableOutputException(
          folder + " cannot be written (" + cause(e) + "); give a folder that this user can"
              + " create and write");
    }
  }

  /** On object stores the reader's folder is never written: anything in it is someone else's. */
  private static void checkNoForeignFiles(FolderLayout layout) throws UnusableOutputException {
    try {
      MatchResult match =
          FileSystems.match(layout.folder() + "/**", EmptyMatchTreatment.ALLOW);
      if (match.status() == MatchResult.Status.OK && !match.metadata().isEmpty()) {
        throw new UnusableOutputException(foreignFiles(layout));
      }
    } catch (IOException e) {
      throw new UnusableOutputException(
          layout.folder() + " cannot be listed (" + cause(e) + "); check the path and access");
    }
  }

  private static String foreignFiles(FolderLayout layout) {
    return layout.folder() + " holds files this job did not write (your own, or results of a"
        + " version without run folders); move them away (e.g. mv " + layout.folder() + " "
        + layout.folder() + ".old) or choose another folder";
  }

  /** A short cause for a message: the OS's reason when there is one. */
  static String cause(Throwable e) {
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.split("\n", 2)[0];
  }

  /** Whether {@code other} is a folder destination writing this very folder. */
  public boolean sameFolderAs(Destination other) {
    if (!(other instanceof FolderDestination otherFolder)) {
      return false;
    }
    try {
      return FolderLayout.of(folder).folder().equals(FolderLayout.of(otherFolder.folder).folder());
    } catch (UnusableOutputException e) {
      return folder.equals(otherFolder.folder);
    }
  }

  @Override
  public String describe() {
    return folder;
  }
}

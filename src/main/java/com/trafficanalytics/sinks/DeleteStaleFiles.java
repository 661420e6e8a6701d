package com.trafficanalytics.sinks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * After a file write has finished, deletes the {@code .json} files of the folder that it did not
 * write, so that no shard of an earlier run (with another shard count, say) survives. Runs only
 * once every new file is in place: a failed run leaves the earlier results whole.
 */
final class DeleteStaleFiles
    extends PTransform<PCollection<String>, PCollection<Void>> {
  private final String folder;

  private DeleteStaleFiles(String folder) {
    this.folder = folder;
  }

  /** Deletes the stale files of {@code folder}, given the names of the files just written. */
  static DeleteStaleFiles in(String folder) {
    return new DeleteStaleFiles(folder);
  }

  @Override
  public PCollection<Void> expand(PCollection<String> writtenFiles) {
    return writtenFiles
        .apply("One key", WithKeys.of((Void) null))
        .setCoder(KvCoder.of(VoidCoder.of(), StringUtf8Coder.of()))
        .apply("All written files", GroupByKey.create())
        .apply("Delete the others", ParDo.of(new DeleteOthersFn(folder)));
  }

  private static final class DeleteOthersFn extends DoFn<KV<Void, Iterable<String>>, Void> {
    private final String folder;

    DeleteOthersFn(String folder) {
      this.folder = folder;
    }

    @ProcessElement
    public void processElement(@Element KV<Void, Iterable<String>> written) throws IOException {
      Set<String> keep = new HashSet<>();
      for (String file : written.getValue()) {
        keep.add(FileSystems.matchNewResource(file, false).getFilename());
      }
      String pattern =
          FileSystems.matchNewResource(folder, true)
              .resolve("*.json", StandardResolveOptions.RESOLVE_FILE)
              .toString();
      List<ResourceId> stale = new ArrayList<>();
      for (MatchResult.Metadata file :
          FileSystems.match(pattern, EmptyMatchTreatment.ALLOW).metadata()) {
        if (!keep.contains(file.resourceId().getFilename())) {
          stale.add(file.resourceId());
        }
      }
      FileSystems.delete(stale, StandardMoveOptions.IGNORE_MISSING_FILES);
    }
  }
}

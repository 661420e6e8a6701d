package com.trafficanalytics.analysis;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.api.services.bigquery.model.TableRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

/**
 * {@link MergePartialTraffic#toRows} cuts a merge key's groups into blocks of at most {@link
 * MergePartialTraffic#ROWS_PER_BLOCK} rows, and every group is a row of exactly one block.
 */
public class RowBlocksTest {
  private static final int GROUPS = 2 * MergePartialTraffic.ROWS_PER_BLOCK + 500;

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void aKeysGroupsAreCutIntoFullBlocksAndOneRest() {
    UserTraffic analysis = new UserTraffic();
    Map<String, TrafficStats> groups = new HashMap<>();
    for (int i = 0; i < GROUPS; i++) {
      groups.put("user-" + i, TrafficStats.of(i + 1, 10L * i, i, 0));
    }
    PCollection<List<TableRow>> blocks =
        pipeline
            .apply(
                Create.of(List.of(KV.of(0, groups), KV.of(1, Map.<String, TrafficStats>of())))
                    .withCoder(MergePartialTraffic.mergedCoder(analysis)))
            .apply(MergePartialTraffic.toRows(analysis));

    PAssert.that(blocks)
        .satisfies(
            all -> {
              List<Integer> sizes = new ArrayList<>();
              Set<String> users = new HashSet<>();
              for (List<TableRow> block : all) {
                sizes.add(block.size());
                for (TableRow row : block) {
                  String user = (String) row.get("user_id");
                  assertTrue("a row in two blocks: " + user, users.add(user));
                  int i = Integer.parseInt(user.substring("user-".length()));
                  assertEquals(user, (long) i + 1, ((Number) row.get("pageviews")).longValue());
                }
              }
              sizes.sort(null);
              // An empty key makes no block; the full one makes two full blocks and the rest.
              assertEquals(List.of(500, 1_000, 1_000), sizes);
              assertEquals(GROUPS, users.size());
              return null;
            });
    pipeline.run();
  }
}

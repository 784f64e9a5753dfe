package io.datashard.it;

import static io.datashard.it.Fixtures.EVENTS;
import static io.datashard.it.Fixtures.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.DataShardConfig;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import io.datashard.internal.manifest.ManifestFile;
import io.datashard.internal.manifest.ManifestListReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every append adds a manifest; merging keeps a snapshot's manifest count bounded. */
class ManifestMergeTest {
  @TempDir Path root;

  private static List<ManifestFile> manifestsOf(Warehouse wh, Snapshot s) {
    String location = s.manifestListLocation();
    return ManifestListReader.read(wh.backend().read(wh.backend().keyOf(location)), location);
  }

  @Test
  void manifestCountStaysBoundedAndEverySnapshotKeepsItsRows() {
    DataShardConfig config = DataShardConfig.builder().localRoot(root)
        .set("commit.manifest.merge.min.count", "5").build();
    try (Warehouse wh = Warehouse.open(config)) {
      Table t = wh.createTable("events", EVENTS);
      List<Snapshot> snapshots = new ArrayList<>();
      for (int i = 0; i < 23; i++) {
        snapshots.add(t.appendRecords(events(i * 10L, 10)));
      }
      int max = 0;
      for (Snapshot s : snapshots) {
        max = Math.max(max, manifestsOf(wh, s).size());
      }
      assertEquals(4, max, "a snapshot lists fewer than min.count manifests");

      Table fresh = wh.loadTable("events");
      for (int i = 0; i < snapshots.size(); i++) {
        List<Long> ids = fresh.scan().useSnapshot(snapshots.get(i).snapshotId()).toRecords()
            .stream().map(r -> (Long) r.get("user_id")).sorted().toList();
        assertEquals((i + 1) * 10, ids.size());
        for (int j = 0; j < ids.size(); j++) {
          assertEquals(j, ids.get(j).longValue());
        }
      }
      assertEquals("230", fresh.currentSnapshot().summary().get("total-records"));
    }
  }

  @Test
  void mergedManifestKeepsOriginalSequenceNumbersAndSnapshotIds() {
    DataShardConfig config = DataShardConfig.builder().localRoot(root)
        .set("commit.manifest.merge.min.count", "3").build();
    try (Warehouse wh = Warehouse.open(config)) {
      Table t = wh.createTable("events", EVENTS);
      Snapshot first = t.appendRecords(events(0, 1));
      Snapshot second = t.appendRecords(events(1, 1));
      Snapshot third = t.appendRecords(events(2, 1)); // base has 2 manifests + new = 3: merge
      List<ManifestFile> manifests = manifestsOf(wh, third);
      assertEquals(2, manifests.size());
      ManifestFile ours = manifests.get(0);
      ManifestFile merged = manifests.get(1);
      assertEquals(third.snapshotId(), ours.addedSnapshotId());
      assertEquals(1, ours.addedFilesCount());
      assertEquals(3, merged.sequenceNumber());
      assertEquals(1, merged.minSequenceNumber(), "keeps the oldest data sequence number");
      assertEquals(2, merged.existingFilesCount());
      assertEquals(0, merged.addedFilesCount());
      var entries = io.datashard.internal.manifest.ManifestReader.read(
          wh.backend().read(wh.backend().keyOf(merged.path())), merged);
      assertEquals(List.of(first.snapshotId(), second.snapshotId()),
          entries.stream().map(e -> e.snapshotId()).sorted((a, b) ->
              Long.compare(first.snapshotId() == a ? 0 : 1, first.snapshotId() == b ? 0 : 1))
              .toList());
      assertEquals(List.of(1L, 2L), entries.stream().map(e -> e.dataSequenceNumber()).sorted()
          .toList());
      assertTrue(entries.stream().allMatch(
          e -> e.status() == io.datashard.internal.manifest.ManifestEntry.Status.EXISTING));
    }
  }
}

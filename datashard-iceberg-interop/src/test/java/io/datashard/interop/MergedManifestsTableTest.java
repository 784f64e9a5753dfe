package io.datashard.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datashard.DataShardConfig;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Iceberg reads a table whose manifests were merged (a merge every few commits): the carried-over
 * EXISTING entries must keep the data sequence number of the commit that added each file.
 */
class MergedManifestsTableTest extends IcebergReadsDataShardContract {
  private static final int APPENDS = 9;

  @Override
  DataShardConfig.Builder config(Path root) {
    return super.config(root).set("commit.manifest.merge.min.count", "3");
  }

  @Override
  Table fill(Warehouse warehouse) {
    Table t = warehouse.createTable("merged", Events.SCHEMA);
    for (int a = 0; a < APPENDS; a++) {
      List<Map<String, Object>> rows = Events.rows("m" + a, a * 10, 10);
      Snapshot s = t.appendRecords(rows);
      expectAppended(s, rows);
    }
    return t;
  }

  @Test
  void icebergSeesEachFileWithTheSequenceNumberOfTheCommitThatAddedIt() {
    org.apache.iceberg.Table ice = Interop.hadoopLoad(table);
    Map<Long, Long> sequenceBySnapshot = new HashMap<>();
    ice.snapshots().forEach(s -> sequenceBySnapshot.put(s.snapshotId(), s.sequenceNumber()));
    org.apache.iceberg.Snapshot current = ice.currentSnapshot();
    // Merges at 3, size-tiered: the 7-entry merged manifest (a tier, over 4 x the 2 small ones)
    // is kept as it is, so the last commit lists its own manifest, the one before, and the tier.
    assertEquals(List.of("1 added, 0 existing", "1 added, 0 existing", "0 added, 7 existing"),
        current.allManifests(ice.io()).stream()
            .map(m -> m.addedFilesCount() + " added, " + m.existingFilesCount() + " existing")
            .toList());
    List<org.apache.iceberg.DataFile> files = FileMetrics.planFiles(ice, current.snapshotId());
    assertEquals(APPENDS, files.size());
    List<Long> sequences = files.stream().map(org.apache.iceberg.DataFile::dataSequenceNumber)
        .sorted().toList();
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), sequences);
    for (org.apache.iceberg.DataFile f : files) {
      assertEquals(f.dataSequenceNumber(), f.fileSequenceNumber());
    }
  }
}

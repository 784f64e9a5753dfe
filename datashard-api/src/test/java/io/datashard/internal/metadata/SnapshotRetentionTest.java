package io.datashard.internal.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.HistoryEntry;
import io.datashard.Snapshot;
import io.datashard.types.Types;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Snapshot retention and the metadata-log bound in {@link TableMetadata#withSnapshot}, and the
 * stub that replaces a superseded version.
 */
class SnapshotRetentionTest {
  private static final String LOCATION = "file:/tmp/wh/t";

  /** Metadata after {@code commits} appends, each keeping {@code keep} snapshots (0 = all). */
  private static TableMetadata commits(int commits, int logSize, int keep) {
    TableMetadata m = TableMetadata.newTable("uuid-1", LOCATION,
        io.datashard.Schema.builder().required("id", Types.LONG).build(), Map.of(), 1_000L);
    for (int i = 1; i <= commits; i++) {
      m = m.withSnapshot(snapshot(i), LOCATION + "/metadata/v" + i + ".metadata.json", logSize,
          keep);
    }
    return m;
  }

  /** Snapshot {@code i}: id i, parent i-1, sequence number i, committed at 1000 + i. */
  private static Snapshot snapshot(long i) {
    return new Snapshot(i, i == 1 ? null : i - 1, i, 1_000L + i,
        LOCATION + "/metadata/snap-" + i + ".avro", 0,
        Map.of("operation", "append", Snapshot.COMMIT_ID_KEY, "commit-" + i));
  }

  private static List<Long> ids(TableMetadata m) {
    return m.snapshots().stream().map(Snapshot::snapshotId).collect(Collectors.toList());
  }

  @Test
  void keepsTheNewestSnapshotsAndALogOfTheSameOnes() {
    TableMetadata m = commits(30, 10, 12);
    assertEquals(LongStream.rangeClosed(19, 30).boxed().toList(), ids(m));
    assertEquals(LongStream.rangeClosed(19, 30).boxed().toList(),
        m.snapshotLog().stream().map(HistoryEntry::snapshotId).toList());
    assertEquals(30L, m.currentSnapshotId());
    assertTrue(m.historyTrimmed());
  }

  @Test
  void zeroKeepsEverySnapshot() {
    TableMetadata m = commits(30, 10, 0);
    assertEquals(LongStream.rangeClosed(1, 30).boxed().toList(), ids(m));
    assertEquals(30, m.snapshotLog().size());
    assertFalse(m.historyTrimmed());
  }

  @Test
  void metadataLogListsOnlyThePreviousVersionsMax() {
    TableMetadata m = commits(30, 10, 0); // commit i was made on version i (v1 = the empty table)
    assertEquals(LongStream.rangeClosed(21, 30).mapToObj(
        v -> LOCATION + "/metadata/v" + v + ".metadata.json").toList(),
        m.metadataLog().stream().map(TableMetadata.MetadataLogEntry::file).toList());
  }

  @Test
  void aSnapshotATagPointsToIsKeptButItsLogEntryGoes() {
    TableMetadata tagged = TableMetadataParser.fromJson(
        TableMetadataParser.toJson(commits(3, 10, 0))
            .replace("\"refs\":{", "\"refs\":{\"release\":{\"snapshot-id\":2,\"type\":\"tag\"},"));
    TableMetadata m = tagged;
    for (int i = 4; i <= 10; i++) {
      m = m.withSnapshot(snapshot(i), LOCATION + "/metadata/v" + i + ".metadata.json", 10, 3);
    }
    assertEquals(List.of(2L, 8L, 9L, 10L), ids(m));
    // The log may not jump from 2 over the expired 3..7: it starts after the last gap.
    assertEquals(List.of(8L, 9L, 10L),
        m.snapshotLog().stream().map(HistoryEntry::snapshotId).toList());
  }

  @Test
  void aStubKeepsTheCurrentSnapshotWithItsCommitIdAndRoundTrips() {
    TableMetadata m = commits(5, 10, 0);
    SupersededMetadata stub = SupersededMetadata.of(6, m);
    String json = SupersededMetadataParser.toJson(stub);
    SupersededMetadata read = SupersededMetadataParser.fromJson(
        io.datashard.internal.json.Json.parse("stub", json));
    assertEquals(stub, read);
    assertEquals(6, read.version());
    assertEquals(5L, read.currentSnapshotId());
    assertEquals(List.of(m.currentSnapshot()), read.snapshots());
    assertEquals(5L, read.snapshotByCommitId("commit-5").snapshotId());
    assertNull(read.snapshotByCommitId("commit-4"));
    assertTrue(json.length() < 1_000, "a stub is small: " + json.length() + " bytes");
  }
}

package io.datashard.it;

import static io.datashard.it.Fixtures.EVENTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.DataShardConfig;
import io.datashard.HistoryEntry;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import io.datashard.exceptions.DataShardException;
import io.datashard.exceptions.SnapshotExpiredException;
import io.datashard.internal.json.Json;
import io.datashard.internal.metadata.SupersededMetadata;
import io.datashard.internal.metadata.SupersededMetadataParser;
import io.datashard.internal.table.TableOperations;
import io.datashard.testing.WorkerJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded metadata (DESIGN §9.5): each commit keeps the newest {@code history.max-snapshots}
 * snapshots and a metadata-log of {@code write.metadata.previous-versions-max} files, and every
 * version that falls out of the log is replaced by a stub, never deleted. Readers and writers
 * that are far behind must cross those stubs without losing or doubling a commit.
 */
class MetadataRetentionTest {
  @TempDir Path root;
  Warehouse wh;

  @AfterEach
  void close() {
    if (wh != null) {
      wh.close();
    }
  }

  /** {@code n} single-row commits; row i has user_id i. Returns the commit ids in order. */
  private static List<String> commit(Table t, int first, int n) {
    List<String> ids = new ArrayList<>(n);
    for (int i = first; i < first + n; i++) {
      ids.add(t.appendRecords(List.of(Map.of("user_id", (long) i, "event", "e" + i)))
          .commitId());
    }
    return ids;
  }

  private Path versionFile(int v) {
    return root.resolve("events/metadata/v" + v + ".metadata.json");
  }

  /** The stub at version v, or null if that version file holds full metadata. */
  private SupersededMetadata stubAt(int v) throws Exception {
    if (wh != null) {
      wh.awaitBackgroundWrites(); // stubs are written in the background after each commit
    }
    var node = Json.parse("version " + v, Files.readString(versionFile(v)));
    return SupersededMetadataParser.isStub(node) ? SupersededMetadataParser.fromJson(node) : null;
  }

  private static List<Long> userIds(Table t) {
    return t.scan().toRecords().stream().map(r -> (Long) r.get("user_id")).sorted()
        .collect(Collectors.toList());
  }

  private static List<Long> range(long from, long toExclusive) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i < toExclusive; i++) {
      out.add(i);
    }
    return out;
  }

  @Test
  void twoHundredFiftyCommitsWithDefaultsKeepAHundredSnapshotsTenLogEntriesAndStubTheRest()
      throws Exception {
    wh = Fixtures.warehouse(root);
    Table t = wh.createTable("events", EVENTS);
    List<String> ids = commit(t, 0, 250);
    int latest = 251; // v1 is the empty table, commit i is version i + 2

    Table fresh = wh.loadTable("events");
    assertEquals(ids.subList(150, 250),
        fresh.snapshots().stream().map(Snapshot::commitId).toList());
    assertEquals(fresh.snapshots().stream().map(Snapshot::snapshotId).toList(),
        fresh.history().stream().map(HistoryEntry::snapshotId).toList());
    assertEquals(range(0, 250), userIds(fresh));
    assertEquals("250", fresh.currentSnapshot().summary().get("total-records"));

    var m = new TableOperations(wh.backend(), "events").loadLatest();
    assertEquals(latest, m.version());
    assertEquals(range(latest - 10, latest).stream()
            .map(v -> wh.backend().uri("events/metadata/v" + v + ".metadata.json")).toList(),
        m.metadata().metadataLog().stream().map(e -> e.file()).toList());
    for (int v = 1; v <= latest - 11; v++) {
      SupersededMetadata stub = stubAt(v);
      assertTrue(stub != null, "v" + v + " is a stub");
      assertEquals(v, stub.version());
      assertEquals(m.metadata().tableUuid(), stub.tableUuid());
      if (v == 1) {
        assertEquals(List.of(), stub.snapshots(), "the empty table made no snapshot current");
      } else {
        assertEquals(List.of(ids.get(v - 2)),
            stub.snapshots().stream().map(Snapshot::commitId).toList(), "v" + v);
      }
    }
    for (int v = latest - 10; v <= latest; v++) {
      assertEquals(null, stubAt(v), "v" + v + " keeps its full metadata");
    }
    assertEquals(Integer.toString(latest),
        Files.readString(root.resolve("events/metadata/version-hint.text")));
  }

  @Test
  void timeTravelPastTheKeptSnapshotsFailsNamingTheSetting() {
    wh = Fixtures.warehouse(root, DataShardConfig.HISTORY_MAX_SNAPSHOTS, "5");
    Table t = wh.createTable("events", EVENTS);
    commit(t, 0, 3);
    Snapshot third = t.currentSnapshot();
    commit(t, 3, 5);
    List<Snapshot> kept = t.snapshots();
    assertEquals(5, kept.size());
    Snapshot oldest = kept.get(0);
    long since = t.history().get(0).timestampMillis();
    String why = ". Older snapshots were expired from the table's metadata (the oldest kept is "
        + oldest.snapshotId() + ", history from " + Instant.ofEpochMilli(since) + "): each"
        + " commit keeps the newest history.max-snapshots (DATASHARD_HISTORY_MAX_SNAPSHOTS, now 5)"
        + " snapshots. To time-travel further back, raise it (0 keeps all) for the writers before"
        + " they commit; snapshots already expired cannot be listed again. If the snapshot is"
        + " newer than this handle, call table.refresh()";

    SnapshotExpiredException byId = assertThrows(SnapshotExpiredException.class,
        () -> t.scan().useSnapshot(third.snapshotId()));
    assertEquals("Cannot scan snapshot " + third.snapshotId() + " of table 'events': it is not"
        + " among the 5 snapshots the metadata lists" + why, byId.getMessage());

    long before = since - 1;
    SnapshotExpiredException byTime = assertThrows(SnapshotExpiredException.class,
        () -> t.scan().asOfTime(before));
    assertEquals("Cannot scan table 'events' as of " + before + " (" + Instant.ofEpochMilli(before)
        + "): that is before the oldest snapshot the metadata lists" + why, byTime.getMessage());

    assertThrows(SnapshotExpiredException.class, () -> t.snapshot(third.snapshotId()));
    // The oldest kept snapshot still reads, exactly: rows 0..3 (it is the fourth commit).
    assertEquals(4, t.scan().useSnapshot(oldest.snapshotId()).toRecords().size());
    assertEquals(8, t.scan().toRecords().size(), "no data was lost, only history");
  }

  @Test
  void aHintPointingAtAStubFallsBackToTheListing() throws Exception {
    wh = Fixtures.warehouse(root);
    commit(wh.createTable("events", EVENTS), 0, 30);
    assertTrue(stubAt(3) != null);
    Files.writeString(root.resolve("events/metadata/version-hint.text"), "3");
    assertEquals(31, new TableOperations(wh.backend(), "events").loadLatest().version());
    assertEquals(range(0, 30), userIds(wh.loadTable("events")));
  }

  @Test
  void readingTheFullMetadataOfAStubbedVersionFailsClearly() {
    wh = Fixtures.warehouse(root);
    commit(wh.createTable("events", EVENTS), 0, 15);
    TableOperations ops = new TableOperations(wh.backend(), "events");
    DataShardException e = assertThrows(DataShardException.class, () -> ops.read(2));
    assertEquals("Table 'events' metadata version 2 ("
        + wh.backend().uri("events/metadata/v2.metadata.json") + ") was superseded: only the"
        + " newest write.metadata.previous-versions-max"
        + " (DATASHARD_WRITE_METADATA_PREVIOUS_VERSIONS_MAX) versions keep their full metadata,"
        + " older ones are small stubs. Load the table's latest version instead", e.getMessage());
    assertEquals(16, ops.read(16).version());
  }

  /** Loads handles at v5, then another process commits 30 times (v6..v35). */
  private Table staleHandleAfterThirtyForeignCommits() throws Exception {
    wh = Fixtures.warehouse(root);
    commit(wh.createTable("events", EVENTS), 0, 4);
    Table stale = wh.loadTable("events");
    assertEquals(4, stale.snapshots().size());
    // Another JVM, so that nothing in this one (such as the per-JVM newest-version cache) learns
    // of the new versions: the handle is as stale as one on another machine.
    WorkerJvm worker = WorkerJvm.start(AppendWorker.class, root.toString(), "events", "other",
        "30", "1");
    try {
      assertTrue(worker.process().waitFor(4, TimeUnit.MINUTES), "worker finished in time");
      worker.awaitOutput();
      assertEquals(0, worker.process().exitValue(), "worker failed:\n" + worker.output());
    } finally {
      worker.process().destroyForcibly();
    }
    assertEquals(30, worker.committed().size());
    assertTrue(stubAt(6) != null, "the version after the stale handle's is a stub");
    return stale;
  }

  @Test
  void aStaleReaderRefreshesAcrossStubs() throws Exception {
    Table stale = staleHandleAfterThirtyForeignCommits();
    assertEquals(4, stale.snapshots().size(), "nothing read yet");
    stale.refresh();
    assertEquals(34, stale.snapshots().size());
    assertEquals(34L, stale.currentSnapshot().sequenceNumber());
    assertEquals(34, stale.scan().toRecords().size());
  }

  @Test
  void aStaleWriterCommitsOnceOnTopOfTheNewestVersion() throws Exception {
    Table stale = staleHandleAfterThirtyForeignCommits();
    Snapshot s = stale.appendRecords(List.of(Map.of("user_id", 1000L, "event", "stale")));
    assertEquals(35L, s.sequenceNumber(), "rebased onto v35, committed as v36");
    Table fresh = wh.loadTable("events");
    assertEquals(s.snapshotId(), fresh.currentSnapshot().snapshotId());
    assertEquals(1, fresh.snapshots().stream().filter(x -> s.commitId().equals(x.commitId()))
        .count(), "its commit id exactly once");
    List<Map<String, Object>> rows = fresh.scan().toRecords();
    assertEquals(35, rows.size());
    assertEquals(1, rows.stream().filter(r -> "stale".equals(r.get("event"))).count());
    try (var files = Files.list(root.resolve("events/metadata"))) {
      assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("snap-")
          && p.getFileName().toString().contains(s.commitId())).count(),
          "the attempt that lost to a stub left no manifest list behind");
    }
  }

  @Test
  void zeroKeepsEverySnapshot() {
    wh = Fixtures.warehouse(root, DataShardConfig.HISTORY_MAX_SNAPSHOTS, "0");
    Table t = wh.createTable("events", EVENTS);
    commit(t, 0, 12);
    assertEquals(12, wh.loadTable("events").snapshots().size());
  }

  @Test
  void badRetentionValuesFailWhenTheWarehouseOpensNamingTheKey() {
    DataShardException negative = assertThrows(DataShardException.class,
        () -> Fixtures.warehouse(root, DataShardConfig.HISTORY_MAX_SNAPSHOTS, "-1"));
    assertEquals("Invalid setting 'history.max-snapshots' (DATASHARD_HISTORY_MAX_SNAPSHOTS) = -1:"
        + " it must be between 0 and 2147483647", negative.getMessage());
    DataShardException text = assertThrows(DataShardException.class,
        () -> Fixtures.warehouse(root, DataShardConfig.HISTORY_MAX_SNAPSHOTS, "lots"));
    assertEquals("Invalid setting 'history.max-snapshots' (DATASHARD_HISTORY_MAX_SNAPSHOTS) ="
        + " 'lots': expected a whole number between 0 and 2147483647", text.getMessage());
    DataShardException zeroLog = assertThrows(DataShardException.class,
        () -> Fixtures.warehouse(root, DataShardConfig.METADATA_PREVIOUS_VERSIONS_MAX, "0"));
    assertEquals("Invalid setting 'write.metadata.previous-versions-max'"
        + " (DATASHARD_WRITE_METADATA_PREVIOUS_VERSIONS_MAX) = 0: it must be between 1 and"
        + " 100000", zeroLog.getMessage());
    DataShardException textLog = assertThrows(DataShardException.class,
        () -> Fixtures.warehouse(root, DataShardConfig.METADATA_PREVIOUS_VERSIONS_MAX, "ten"));
    assertEquals("Invalid setting 'write.metadata.previous-versions-max'"
        + " (DATASHARD_WRITE_METADATA_PREVIOUS_VERSIONS_MAX) = 'ten': expected a whole number"
        + " between 1 and 100000", textLog.getMessage());
    assertFalse(Files.exists(root.resolve("events")), "nothing was created");
  }

  @Test
  void environmentVariablesReachTheDashedKeysAndCodeWins() {
    DataShardConfig env = DataShardConfig.fromEnvironment(Map.of(
        "DATASHARD_HISTORY_MAX_SNAPSHOTS", "7",
        "DATASHARD_WRITE_METADATA_PREVIOUS_VERSIONS_MAX", "3"));
    assertEquals("7", env.get(DataShardConfig.HISTORY_MAX_SNAPSHOTS).orElseThrow());
    assertEquals("3", env.get(DataShardConfig.METADATA_PREVIOUS_VERSIONS_MAX).orElseThrow());
    DataShardConfig code = env.toBuilder().set(DataShardConfig.HISTORY_MAX_SNAPSHOTS, "9").build();
    assertEquals("9", code.get(DataShardConfig.HISTORY_MAX_SNAPSHOTS).orElseThrow());
  }

  @Test
  void aSmallerMetadataLogStubsSooner() throws Exception {
    wh = Fixtures.warehouse(root, DataShardConfig.METADATA_PREVIOUS_VERSIONS_MAX, "2");
    commit(wh.createTable("events", EVENTS), 0, 5); // v1..v6
    for (int v = 1; v <= 3; v++) {
      assertTrue(stubAt(v) != null, "v" + v + " is a stub");
    }
    for (int v = 4; v <= 6; v++) {
      assertEquals(null, stubAt(v), "v" + v + " is whole");
    }
    assertTrue(new String(Files.readAllBytes(versionFile(1)), StandardCharsets.UTF_8).length()
        < 1_000);
  }
}

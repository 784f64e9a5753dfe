package io.datashard.it;

import static io.datashard.it.Fixtures.EVENTS;
import static io.datashard.it.Fixtures.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.DataFile;
import io.datashard.DataShardConfig;
import io.datashard.HistoryEntry;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableLifecycleTest {
  @TempDir Path root;
  Warehouse wh;

  @BeforeEach
  void open() {
    wh = Fixtures.warehouse(root);
  }

  @AfterEach
  void close() {
    wh.close();
  }

  @Test
  void createdTableIsEmptyAndLivesUnderTheRootWithIcebergLayout() throws Exception {
    Table t = wh.createTable("a/b", EVENTS);
    assertNull(t.currentSnapshot());
    assertEquals(List.of(), t.snapshots());
    assertEquals(List.of(), t.scan().toRecords());
    assertTrue(Files.isRegularFile(root.resolve("a/b/metadata/v1.metadata.json")));
    wh.awaitBackgroundWrites(); // the hint is written after the commit returned
    assertEquals("1", Files.readString(root.resolve("a/b/metadata/version-hint.text")));
    assertEquals(root.toRealPath().resolve("a/b").toUri().getPath().replaceAll("/$", ""),
        java.net.URI.create(t.location()).getPath());
    assertTrue(wh.tableExists("a/b"));
    assertFalse(wh.tableExists("a"));
    assertEquals(EVENTS.fields(), wh.loadTable("a/b").schema().fields());
  }

  @Test
  void appendCommitsOneSnapshotWithSummaryAndCommitId() throws Exception {
    Table t = wh.createTable("events", EVENTS);
    Snapshot s = t.appendRecords(events(0, 10));
    assertEquals(1, s.sequenceNumber());
    assertNull(s.parentId());
    assertEquals("append", s.operation());
    assertEquals("10", s.summary().get("added-records"));
    assertEquals("1", s.summary().get("added-data-files"));
    assertEquals("10", s.summary().get("total-records"));
    assertEquals("1", s.summary().get("total-data-files"));
    assertEquals(36, s.commitId().length());
    assertEquals(s, t.currentSnapshot());
    wh.awaitBackgroundWrites();
    assertEquals("2", Files.readString(root.resolve("events/metadata/version-hint.text")));
    try (Stream<Path> data = Files.list(root.resolve("events/data"))) {
      assertEquals(1, data.filter(p -> p.toString().endsWith(".parquet")).count());
    }

    Snapshot s2 = t.appendRecords(events(10, 5));
    assertEquals(2, s2.sequenceNumber());
    assertEquals(s.snapshotId(), s2.parentId());
    assertEquals("15", s2.summary().get("total-records"));
    assertEquals("2", s2.summary().get("total-data-files"));
    assertNotEquals(s.commitId(), s2.commitId());
  }

  @Test
  void scanReturnsExactlyTheAppendedRows() {
    Table t = wh.createTable("events", EVENTS);
    t.appendRecords(events(0, 7));
    t.appendRecords(events(100, 3));
    List<Map<String, Object>> rows = wh.loadTable("events").scan().toRecords();
    List<Map<String, Object>> expected = new java.util.ArrayList<>(events(0, 7));
    expected.addAll(events(100, 3));
    assertEquals(sortById(expected), sortById(rows));
  }

  @Test
  void timeTravelByIdAndByTimeAndProjection() throws Exception {
    Table t = wh.createTable("events", EVENTS);
    Snapshot first = t.appendRecords(events(0, 4));
    Thread.sleep(5);
    Snapshot second = t.appendRecords(events(4, 4));

    assertEquals(4, t.scan().useSnapshot(first.snapshotId()).toRecords().size());
    assertEquals(8, t.scan().useSnapshot(second.snapshotId()).toRecords().size());
    assertEquals(4, t.scan().asOfTime(first.timestampMillis()).toRecords().size());
    assertEquals(8, t.scan().asOfTime(second.timestampMillis() + 1000).toRecords().size());
    IllegalArgumentException before = assertThrows(IllegalArgumentException.class,
        () -> t.scan().asOfTime(first.timestampMillis() - 1));
    assertTrue(before.getMessage().startsWith("Cannot scan table 'events' as of "),
        before.getMessage());

    List<Map<String, Object>> projected =
        t.scan().useSnapshot(first.snapshotId()).select("event", "user_id").toRecords();
    assertEquals(List.of("event", "user_id"), List.copyOf(projected.get(0).keySet()));
    assertEquals(List.of(0L, 1L, 2L, 3L),
        projected.stream().map(r -> (Long) r.get("user_id")).sorted().toList());

    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> t.scan().select("nope"));
    assertEquals("Cannot select from table 'events': Unknown column 'nope': the schema has"
        + " columns [user_id, event, amount]", unknown.getMessage());
    IllegalArgumentException noSnap =
        assertThrows(IllegalArgumentException.class, () -> t.scan().useSnapshot(42L));
    assertEquals("Cannot scan snapshot 42 of table 'events': no such snapshot (the table has 2"
        + " snapshots; call table.refresh() to see newer ones)", noSnap.getMessage());

    List<HistoryEntry> history = t.history();
    assertEquals(List.of(first.snapshotId(), second.snapshotId()),
        history.stream().map(HistoryEntry::snapshotId).toList());
  }

  @Test
  void newAppendCollectsBatchesAndFilesIntoOneCommit() {
    Table t = wh.createTable("events", EVENTS);
    List<DataFile> prewritten = t.writeDataFiles(events(1000, 3));
    assertEquals(1, prewritten.size());
    assertEquals(3, prewritten.get(0).recordCount());
    assertNull(t.currentSnapshot(), "written files are not visible before a commit");

    Snapshot s = t.newAppend()
        .appendRecords(events(0, 2))
        .appendRecords(events(2, 2))
        .appendFile(prewritten.get(0))
        .set("source", "batch-17")
        .commit();
    assertEquals("3", s.summary().get("added-data-files"));
    assertEquals("7", s.summary().get("added-records"));
    assertEquals("batch-17", s.summary().get("source"));
    assertEquals(1, t.snapshots().size());
    assertEquals(7, t.scan().toRecords().size());
  }

  @Test
  void appendIsSingleUse() {
    Table t = wh.createTable("events", EVENTS);
    var append = t.newAppend().appendRecords(events(0, 1));
    append.commit();
    IllegalStateException e = assertThrows(IllegalStateException.class, append::commit);
    assertEquals("This append was already committed; start a new one with table.newAppend()",
        e.getMessage());
  }

  @Test
  void largeBatchesRollOverIntoSeveralFiles() {
    try (Warehouse small = Fixtures.warehouse(root, DataShardConfig.TARGET_FILE_SIZE_BYTES,
        "65536")) {
      Table t = small.createTable("big", EVENTS);
      Snapshot s = t.appendRecords(events(0, 60_000));
      long files = Long.parseLong(s.summary().get("added-data-files"));
      assertTrue(files > 1, "expected several files, got " + files);
      List<DataFile> planned = t.scan().planFiles();
      assertEquals(files, planned.size());
      assertEquals(60_000, planned.stream().mapToLong(DataFile::recordCount).sum());
      assertEquals(60_000, t.scan().toRecords().size());
    }
  }

  @Test
  void listAndDropTables() {
    wh.createTable("x", EVENTS);
    wh.createTable("team/y", EVENTS).appendRecords(events(0, 2));
    wh.createTable("team/z", EVENTS);
    assertEquals(List.of("team/y", "team/z", "x"), wh.listTables());

    assertTrue(wh.dropTable("team/y", false));
    assertFalse(wh.tableExists("team/y"));
    assertTrue(Files.isDirectory(root.resolve("team/y/data")), "drop without purge keeps data");
    assertTrue(wh.dropTable("team/z", true));
    assertFalse(Files.exists(root.resolve("team/z/metadata/v1.metadata.json")));
    assertFalse(wh.dropTable("team/z", true));
    assertEquals(List.of("x"), wh.listTables());
  }

  @Test
  void purgeNeverTouchesASiblingWithTheSamePrefix() throws Exception {
    wh.createTable("logs", EVENTS).appendRecords(events(0, 1));
    Table sibling = wh.createTable("logs_export", EVENTS);
    sibling.appendRecords(events(0, 3));
    assertTrue(wh.dropTable("logs", true));
    assertEquals(3, wh.loadTable("logs_export").scan().toRecords().size());
  }

  @Test
  void refreshSeesCommitsOfOtherHandles() {
    Table a = wh.createTable("events", EVENTS);
    Table b = wh.loadTable("events");
    a.appendRecords(events(0, 1));
    assertNull(b.currentSnapshot());
    assertEquals(a.currentSnapshot(), b.refresh().currentSnapshot());
  }

  @Test
  void staleOrMissingHintIsNeverTrusted() throws Exception {
    Table t = wh.createTable("events", EVENTS);
    t.appendRecords(events(0, 1));
    t.appendRecords(events(1, 1));
    wh.awaitBackgroundWrites(); // so the hint written in the background cannot undo our edits
    Path hint = root.resolve("events/metadata/version-hint.text");
    Files.writeString(hint, "1");
    assertEquals(2, wh.loadTable("events").scan().toRecords().size());
    Files.delete(hint);
    assertEquals(2, wh.loadTable("events").scan().toRecords().size());
    Files.write(hint, "garbage".getBytes(StandardCharsets.US_ASCII));
    Table fromGarbageHint = wh.loadTable("events");
    assertEquals(t.snapshots(), fromGarbageHint.snapshots());
    assertEquals(2, fromGarbageHint.scan().toRecords().size());
  }

  @Test
  void snapshotListIsConsistentWithSequenceNumbers() {
    Table t = wh.createTable("events", EVENTS);
    for (int i = 0; i < 5; i++) {
      t.appendRecords(events(i * 10, 10));
    }
    List<Long> seqs = t.snapshots().stream().map(Snapshot::sequenceNumber).toList();
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs);
    assertEquals(50, t.scan().toRecords().size());
  }

  static List<Map<String, Object>> sortById(List<Map<String, Object>> rows) {
    return rows.stream()
        .sorted(java.util.Comparator.comparingLong(r -> (Long) r.get("user_id")))
        .collect(Collectors.toList());
  }
}

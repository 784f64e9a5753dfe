package io.datashard.it;

import static io.datashard.it.Fixtures.EVENTS;
import static io.datashard.it.Fixtures.events;
import static io.datashard.it.Fixtures.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import io.datashard.exceptions.CorruptTableException;
import io.datashard.exceptions.InvalidTableNameException;
import io.datashard.exceptions.SchemaMismatchException;
import io.datashard.exceptions.TableAlreadyExistsException;
import io.datashard.exceptions.TableNotFoundException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every bad input gets a typed exception with an exact message, and nothing becomes visible. */
class BadInputTest {
  @TempDir Path root;
  Warehouse wh;
  Table table;
  Snapshot before;

  @BeforeEach
  void open() {
    wh = Fixtures.warehouse(root);
    table = wh.createTable("events", EVENTS);
    before = table.appendRecords(events(0, 3));
  }

  @AfterEach
  void close() {
    wh.close();
  }

  private void assertRejected(String message, List<Map<String, Object>> records)
      throws Exception {
    SchemaMismatchException e =
        assertThrows(SchemaMismatchException.class, () -> table.appendRecords(records));
    assertEquals(message, e.getMessage());
    assertNothingNew();
  }

  /** No new snapshot, no new metadata version and no stray data file. */
  private void assertNothingNew() throws Exception {
    Table fresh = wh.loadTable("events");
    assertEquals(before, fresh.currentSnapshot());
    assertEquals(1, fresh.snapshots().size());
    assertEquals(3, fresh.scan().toRecords().size());
    assertFalse(Files.exists(root.resolve("events/metadata/v3.metadata.json")));
    try (Stream<Path> files = Files.list(root.resolve("events/data"))) {
      assertEquals(1, files.count(), "only the first commit's data file remains");
    }
  }

  private static List<Map<String, Object>> goodThen(Map<String, Object> bad) {
    List<Map<String, Object>> records = new ArrayList<>(events(100, 2));
    records.add(bad);
    return records;
  }

  @Test
  void missingRequiredField() throws Exception {
    assertRejected("Record 2 is missing required field 'event' (string)",
        goodThen(row("user_id", 1L)));
  }

  @Test
  void nullInRequiredField() throws Exception {
    assertRejected("Record 2 has null in required field 'user_id' (long)",
        goodThen(row("user_id", null, "event", "x")));
  }

  @Test
  void wrongJavaType() throws Exception {
    assertRejected("Record 2 field 'user_id' expects long (accepts Long, Integer, Short, Byte)"
        + " but got java.lang.String: abc", goodThen(row("user_id", "abc", "event", "x")));
  }

  @Test
  void unknownField() throws Exception {
    assertRejected("Record 2 has unknown field 'colour': the table's columns are"
        + " [user_id, event, amount]", goodThen(row("user_id", 1L, "event", "x", "colour", "red")));
  }

  @Test
  void decimalWithTooManyDigits() throws Exception {
    assertRejected("Record 2 field 'amount' expects decimal(10, 2) but 123456789.5 needs 11"
        + " digits (at most 10 allowed)",
        goodThen(row("user_id", 1L, "event", "x", "amount", new BigDecimal("123456789.5"))));
  }

  @Test
  void decimalWithTooManyFractionDigits() throws Exception {
    assertRejected("Record 2 field 'amount' expects decimal(10, 2) but 1.234 has 3 digits after"
        + " the point (at most 2 allowed, values are never rounded)",
        goodThen(row("user_id", 1L, "event", "x", "amount", new BigDecimal("1.234"))));
  }

  @Test
  void badRecordInALaterBatchOfAnAppendLeavesNothingVisible() throws Exception {
    var append = table.newAppend().appendRecords(events(100, 2));
    SchemaMismatchException e = assertThrows(SchemaMismatchException.class,
        () -> append.appendRecords(List.of(row("user_id", 1L))));
    assertEquals("Record 0 is missing required field 'event' (string)", e.getMessage());
    // the append was never committed: its first batch is written but invisible
    Table fresh = wh.loadTable("events");
    assertEquals(before, fresh.currentSnapshot());
    assertEquals(3, fresh.scan().toRecords().size());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "../escape|Invalid table name '../escape': it contains '..'; a name cannot leave the warehouse",
      "a/../../b|Invalid table name 'a/../../b': it contains '..'; a name cannot leave the warehouse",
      "/etc/passwd|Invalid table name '/etc/passwd': it is an absolute path; names are relative to the warehouse root",
      "a//b|Invalid table name 'a//b': it has an empty segment ('//')",
      "a/|Invalid table name 'a/': it ends with '/'",
      "a\\b|Invalid table name 'a\\b': it contains a backslash; separate levels with '/'",
      "bad name|Invalid table name 'bad name': segment 'bad name' must start with a letter, digit or '_' and contain only letters, digits and _ . = - (at most 255 characters)",
      "./x|Invalid table name './x': it contains '.'; a name cannot leave the warehouse",
  })
  void invalidOrEscapingTableNames(String name, String message) {
    for (org.junit.jupiter.api.function.Executable call : List.<org.junit.jupiter.api.function.Executable>of(
        () -> wh.createTable(name, EVENTS), () -> wh.loadTable(name),
        () -> wh.tableExists(name), () -> wh.dropTable(name, true))) {
      InvalidTableNameException e = assertThrows(InvalidTableNameException.class, call);
      assertEquals(message, e.getMessage());
    }
    assertFalse(Files.exists(root.getParent().resolve("escape")));
  }

  @Test
  void tableInsideAnotherTableIsRefused() {
    InvalidTableNameException e = assertThrows(InvalidTableNameException.class,
        () -> wh.createTable("events/data", EVENTS));
    assertEquals("Invalid table name 'events/data': 'events' is a table, and a table cannot live"
        + " inside another table's folder", e.getMessage());
  }

  @Test
  void creatingATableThatExists() throws Exception {
    TableAlreadyExistsException e =
        assertThrows(TableAlreadyExistsException.class, () -> wh.createTable("events", EVENTS));
    assertEquals("Table 'events' already exists at " + table.location()
        + ": load it with loadTable, or drop it first with dropTable", e.getMessage());
    assertNothingNew();
  }

  @Test
  void loadingATableThatDoesNotExist() {
    TableNotFoundException e =
        assertThrows(TableNotFoundException.class, () -> wh.loadTable("nope"));
    assertEquals("Table 'nope' does not exist (no metadata under " + wh.backend().uri("nope/metadata")
        + "): create it with createTable, or check the name and the warehouse location"
        + " (DATASHARD_STORAGE_TYPE / DATASHARD_LOCAL_ROOT)", e.getMessage());
  }

  @Test
  void truncatedMetadataFileIsReportedAsCorrupt() throws Exception {
    Path v2 = root.resolve("events/metadata/v2.metadata.json");
    byte[] full = Files.readAllBytes(v2);
    Files.write(v2, java.util.Arrays.copyOf(full, full.length / 2));
    CorruptTableException e =
        assertThrows(CorruptTableException.class, () -> wh.loadTable("events"));
    assertTrue(e.getMessage().startsWith("Table 'events' metadata file "
        + wh.backend().uri("events/metadata/v2.metadata.json") + " is corrupt (Cannot parse"
        + " table metadata: invalid JSON ("), e.getMessage());
    assertTrue(e.getMessage().endsWith("it is " + (full.length / 2) + " bytes. Restore it from a"
        + " backup; DataShard never writes partial metadata files, so something else modified"
        + " it"), e.getMessage());
  }

  @Test
  void metadataWithAMissingRequiredFieldIsReportedAsCorrupt() throws Exception {
    Path v2 = root.resolve("events/metadata/v2.metadata.json");
    Files.writeString(v2, "{\"format-version\":2}");
    CorruptTableException e =
        assertThrows(CorruptTableException.class, () -> wh.loadTable("events"));
    assertEquals("Table 'events' metadata file " + wh.backend().uri("events/metadata/v2.metadata.json")
        + " is corrupt (Table metadata is missing required field 'location'); it is 20 bytes."
        + " Restore it from a backup; DataShard never writes partial metadata files, so something"
        + " else modified it", e.getMessage());
  }

  @Test
  void missingDataFileIsAClearErrorOnRead() throws Exception {
    String path = table.scan().planFiles().get(0).path();
    Files.delete(Path.of(java.net.URI.create(path.startsWith("file:///") ? path
        : path.replaceFirst("^file:", "file://"))));
    CorruptTableException e =
        assertThrows(CorruptTableException.class, () -> wh.loadTable("events").scan().toRecords());
    assertEquals("Data file " + path + " of snapshot " + before.snapshotId() + " of table"
        + " 'events' is missing: it was deleted outside DataShard or the table was copied without"
        + " it. Restore the file, or read an older snapshot", e.getMessage());
  }

  @Test
  void truncatedManifestIsReportedAsCorruptNotReadShort() throws Exception {
    Path manifest;
    try (Stream<Path> files = Files.list(root.resolve("events/metadata"))) {
      manifest = files.filter(p -> p.getFileName().toString().endsWith("-m0.avro"))
          .findFirst().orElseThrow();
    }
    byte[] full = Files.readAllBytes(manifest);
    Files.write(manifest, java.util.Arrays.copyOf(full, full.length - 10));
    CorruptTableException e =
        assertThrows(CorruptTableException.class, () -> wh.loadTable("events").scan().toRecords());
    assertEquals("Manifest " + wh.backend().uri("events/metadata/" + manifest.getFileName())
        + " is " + (full.length - 10) + " bytes but its manifest list records " + full.length
        + " bytes: the file is truncated or was replaced; restore it from a backup or re-create"
        + " the table from its data files", e.getMessage());
  }

  @Test
  void missingManifestIsAClearErrorOnRead() throws Exception {
    Path manifest;
    try (Stream<Path> files = Files.list(root.resolve("events/metadata"))) {
      manifest = files.filter(p -> p.getFileName().toString().endsWith("-m0.avro"))
          .findFirst().orElseThrow();
    }
    Files.delete(manifest);
    CorruptTableException e =
        assertThrows(CorruptTableException.class, () -> wh.loadTable("events").scan().toRecords());
    assertEquals("Manifest " + wh.backend().uri("events/metadata/" + manifest.getFileName())
        + " of table 'events' is missing: it was deleted outside DataShard or the table was"
        + " copied without it; restore it from a backup, or read an older snapshot",
        e.getMessage());
  }
}

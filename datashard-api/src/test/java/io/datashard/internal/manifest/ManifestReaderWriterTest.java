package io.datashard.internal.manifest;

import static io.datashard.internal.manifest.ManifestFixtures.TABLE_SCHEMA;
import static io.datashard.internal.manifest.ManifestFixtures.bareFile;
import static io.datashard.internal.manifest.ManifestFixtures.fullFile;
import static io.datashard.internal.manifest.ManifestFixtures.listed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.DataFile;
import io.datashard.exceptions.CorruptTableException;
import io.datashard.internal.manifest.ManifestEntry.Status;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestReaderWriterTest {
  private static final String PATH = "file:///tmp/t/metadata/abc-m0.avro";

  @Test
  void roundTripKeepsEveryFieldOfEveryEntry() {
    List<ManifestEntry> written = List.of(
        new ManifestEntry(Status.ADDED, 7L, 3L, 3L, fullFile("a", 10)),
        ManifestEntry.existing(5L, 2L, 2L, fullFile("b", 20)),
        ManifestEntry.deleted(7L, 1L, 1L, bareFile("c", 30)));
    byte[] bytes = ManifestWriter.write(TABLE_SCHEMA, written);

    List<ManifestEntry> read =
        ManifestReader.read(bytes, listed(PATH, bytes, 7L, 3L).build());

    assertEquals(written, read);
    DataFile a = read.get(0).file();
    assertEquals(ByteBuffer.wrap(new byte[] {1, 0, 0, 0, 0, 0, 0, 0}), a.lowerBounds().get(1));
    assertEquals(ManifestFixtures.bytes("zebra"), a.upperBounds().get(2));
    assertEquals(Map.of(3, 2L), a.nanValueCounts());
    assertEquals(List.of(4L, 2048L), a.splitOffsets());
    assertEquals("PARQUET", a.format());
  }

  @Test
  void absentMetricsReadBackAsNull() {
    byte[] bytes = ManifestWriter.write(TABLE_SCHEMA, List.of(ManifestEntry.added(9L, bareFile("x", 1))));
    DataFile f = ManifestReader.read(bytes, listed(PATH, bytes, 9L, 4L).build()).get(0).file();
    assertNull(f.columnSizes());
    assertNull(f.valueCounts());
    assertNull(f.nullValueCounts());
    assertNull(f.nanValueCounts());
    assertNull(f.lowerBounds());
    assertNull(f.upperBounds());
    assertNull(f.splitOffsets());
  }

  @Test
  void emptyManifestRoundTrips() {
    byte[] bytes = ManifestWriter.write(TABLE_SCHEMA, List.of());
    assertEquals(List.of(), ManifestReader.read(bytes, listed(PATH, bytes, 1L, 1L).build()));
  }

  @Test
  void writingDoesNotMoveTheCallersBoundBuffers() {
    DataFile f = fullFile("a", 10);
    ManifestWriter.write(TABLE_SCHEMA, List.of(ManifestEntry.added(1L, f)));
    assertEquals(0, f.lowerBounds().get(2).position());
    assertEquals(8, f.lowerBounds().get(2).remaining());
  }

  @Test
  void addedEntriesInheritSnapshotIdAndBothSequenceNumbers() {
    byte[] bytes = ManifestWriter.write(TABLE_SCHEMA, List.of(ManifestEntry.added(null, bareFile("a", 1))));
    ManifestEntry e = ManifestReader.read(bytes, listed(PATH, bytes, 42L, 17L).build()).get(0);
    assertEquals(Status.ADDED, e.status());
    assertEquals(42L, e.snapshotId());
    assertEquals(17L, e.dataSequenceNumber());
    assertEquals(17L, e.fileSequenceNumber());
  }

  @Test
  void theSameManifestInheritsTheSequenceNumberOfWhicheverListNamesIt() {
    // A commit retried after a lost race reuses its manifest under a new sequence number.
    byte[] bytes = ManifestWriter.write(TABLE_SCHEMA, List.of(ManifestEntry.added(42L, bareFile("a", 1))));
    assertEquals(5L, ManifestReader.read(bytes, listed(PATH, bytes, 42L, 5L).build())
        .get(0).dataSequenceNumber());
    assertEquals(6L, ManifestReader.read(bytes, listed(PATH, bytes, 42L, 6L).build())
        .get(0).dataSequenceNumber());
  }

  @Test
  void explicitValuesAreNotOverriddenByInheritance() {
    byte[] bytes = ManifestWriter.write(TABLE_SCHEMA,
        List.of(ManifestEntry.existing(3L, 2L, 1L, bareFile("a", 1))));
    ManifestEntry e = ManifestReader.read(bytes, listed(PATH, bytes, 42L, 17L).build()).get(0);
    assertEquals(3L, e.snapshotId());
    assertEquals(2L, e.dataSequenceNumber());
    assertEquals(1L, e.fileSequenceNumber());
  }

  @Test
  void existingEntryWithoutSequenceNumbersIsRejectedByTheWriter() {
    ManifestEntry e = new ManifestEntry(Status.EXISTING, 3L, null, null, bareFile("a", 1));
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> ManifestWriter.write(TABLE_SCHEMA, List.of(e)));
    assertEquals("EXISTING entry for s3://bucket/t/data/a.parquet needs an explicit snapshot id"
        + " and sequence numbers; only ADDED entries inherit them from the manifest list",
        ex.getMessage());
  }

  @Test
  void truncatedManifestIsRejectedWithTheExactMessage() {
    byte[] bytes = ManifestWriter.write(TABLE_SCHEMA, List.of(ManifestEntry.added(1L, fullFile("a", 5))));
    ManifestFile listedManifest = listed(PATH, bytes, 1L, 1L).build();
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 10);

    CorruptTableException ex = assertThrows(CorruptTableException.class,
        () -> ManifestReader.read(truncated, listedManifest));
    assertEquals("Manifest " + PATH + " is " + (bytes.length - 10) + " bytes but its manifest"
        + " list records " + bytes.length + " bytes: the file is truncated or was replaced;"
        + " restore it from a backup or re-create the table from its data files",
        ex.getMessage());
  }

  @Test
  void manifestWhoseRecordedLengthIsAlsoWrongIsStillCaughtByFraming() {
    // The list and the file agree on a length, but the file is cut: framing catches it.
    byte[] bytes = ManifestWriter.write(TABLE_SCHEMA, List.of(ManifestEntry.added(1L, fullFile("a", 5))));
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 10);
    CorruptTableException ex = assertThrows(CorruptTableException.class,
        () -> ManifestReader.read(cut, listed(PATH, cut, 1L, 1L).build()));
    assertTrue(ex.getMessage().startsWith("Manifest " + PATH + " is not a readable Iceberg manifest"),
        ex.getMessage());
  }

  @Test
  void garbageBytesAreACorruptTableNamingThePath() {
    byte[] garbage = "this is not avro at all".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    CorruptTableException ex = assertThrows(CorruptTableException.class,
        () -> ManifestReader.read(garbage, listed(PATH, garbage, 1L, 1L).build()));
    assertTrue(ex.getMessage().startsWith("Manifest " + PATH + " is not a readable Iceberg manifest"),
        ex.getMessage());
  }

  @Test
  void damagedSyncMarkerIsACorruptTable() {
    byte[] bytes = ManifestWriter.write(TABLE_SCHEMA, List.of(ManifestEntry.added(1L, fullFile("a", 5))));
    byte[] damaged = bytes.clone();
    damaged[damaged.length - 1] ^= 0x55; // the last 16 bytes are the block's sync marker
    CorruptTableException ex = assertThrows(CorruptTableException.class,
        () -> ManifestReader.read(damaged, listed(PATH, damaged, 1L, 1L).build()));
    assertTrue(ex.getMessage().contains(PATH), ex.getMessage());
  }

  @Test
  void summaryCountsComeFromTheEntries() {
    ManifestFile m = ManifestFile.builder()
        .path(PATH).length(10).addedSnapshotId(1L)
        .countsFrom(List.of(
            ManifestEntry.added(1L, bareFile("a", 10)),
            ManifestEntry.added(1L, bareFile("b", 5)),
            ManifestEntry.existing(1L, 1L, 1L, bareFile("c", 7)),
            ManifestEntry.deleted(1L, 1L, 1L, bareFile("d", 100))))
        .build();
    assertEquals(2, m.addedFilesCount());
    assertEquals(1, m.existingFilesCount());
    assertEquals(1, m.deletedFilesCount());
    assertEquals(15L, m.addedRowsCount());
    assertEquals(7L, m.existingRowsCount());
    assertEquals(100L, m.deletedRowsCount());
  }
}

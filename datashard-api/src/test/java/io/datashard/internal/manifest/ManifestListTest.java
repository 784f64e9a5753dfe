package io.datashard.internal.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.exceptions.CorruptTableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestListTest {
  private static final String LIST = "file:///tmp/t/metadata/snap-7-1-u.avro";

  private static ManifestFile.Builder manifest(String name, long snapshot) {
    return ManifestFile.builder()
        .path("file:///tmp/t/metadata/" + name + "-m0.avro")
        .length(1234)
        .addedSnapshotId(snapshot);
  }

  @Test
  void roundTripKeepsEveryField() {
    ManifestFile a = manifest("a", 7L)
        .sequenceNumber(3).minSequenceNumber(2)
        .addedFilesCount(4).existingFilesCount(5).deletedFilesCount(6)
        .addedRowsCount(400).existingRowsCount(500).deletedRowsCount(600)
        .build();
    ManifestFile b = manifest("b", 5L)
        .partitionSpecId(3)
        .sequenceNumber(1).minSequenceNumber(1)
        .partitions(List.of(
            new ManifestFile.PartitionFieldSummary(true, false,
                ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.wrap(new byte[] {3, 4})),
            new ManifestFile.PartitionFieldSummary(false, null, null, null)))
        .build();

    byte[] bytes = ManifestListWriter.write(7L, 5L, 3L, List.of(a, b));

    assertEquals(List.of(a, b), ManifestListReader.read(bytes, LIST));
  }

  @Test
  void ownManifestsTakeTheListsSequenceNumber() {
    ManifestFile mine = manifest("mine", 7L).build();
    assertEquals(ManifestFile.UNASSIGNED_SEQUENCE_NUMBER, mine.sequenceNumber());

    ManifestFile read = ManifestListReader.read(
        ManifestListWriter.write(7L, 6L, 12L, List.of(mine)), LIST).get(0);

    assertEquals(12L, read.sequenceNumber());
    assertEquals(12L, read.minSequenceNumber());
  }

  @Test
  void anOlderManifestCannotTakeTheListsSequenceNumber() {
    ManifestFile old = manifest("old", 6L).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ManifestListWriter.write(7L, 6L, 12L, List.of(old)));
    assertEquals("Manifest file:///tmp/t/metadata/old-m0.avro from snapshot 6 has no sequence"
        + " number; only manifests added by snapshot 7 may inherit one", e.getMessage());
  }

  @Test
  void unknownCountsCannotBeWrittenToAV2List() {
    ManifestFile m = manifest("a", 7L).sequenceNumber(1).minSequenceNumber(1)
        .addedFilesCount(ManifestFile.UNKNOWN_COUNT).build();
    assertThrows(IllegalArgumentException.class,
        () -> ManifestListWriter.write(7L, null, 1L, List.of(m)));
  }

  @Test
  void emptyListRoundTrips() {
    assertEquals(List.of(), ManifestListReader.read(
        ManifestListWriter.write(1L, null, 1L, List.of()), LIST));
  }

  @Test
  void garbageBytesAreACorruptTableNamingTheList() {
    byte[] garbage = "Obj\u0001 but not really".getBytes(StandardCharsets.UTF_8);
    CorruptTableException e = assertThrows(CorruptTableException.class,
        () -> ManifestListReader.read(garbage, LIST));
    assertTrue(e.getMessage().startsWith("Manifest list " + LIST
        + " is not a readable Iceberg manifest list"), e.getMessage());
  }

  @Test
  void listTruncatedAnywhereIsACorruptTableNeverAShorterList() {
    // Plain Avro reads a cut file as a shorter valid one: every cut must be caught.
    byte[] bytes = ManifestListWriter.write(7L, null, 1L,
        List.of(manifest("a", 7L).build(), manifest("b", 7L).build()));
    for (int cut = 1; cut < bytes.length; cut++) {
      byte[] shorter = java.util.Arrays.copyOf(bytes, bytes.length - cut);
      assertThrows(CorruptTableException.class, () -> ManifestListReader.read(shorter, LIST),
          "cut " + cut);
    }
  }

  @Test
  void listCutAfterItsHeaderIsACorruptTableNamingTheCounts() {
    // Cut exactly after the header: a valid Avro file with no records.
    byte[] full = ManifestListWriter.write(7L, null, 1L, List.of(manifest("a", 7L).build()));
    byte[] empty = ManifestListWriter.write(7L, null, 1L, List.of());
    int headerLength = empty.length; // same metadata length: counts "1" and "0" are one digit
    byte[] header = java.util.Arrays.copyOf(full, headerLength);
    CorruptTableException e = assertThrows(CorruptTableException.class,
        () -> ManifestListReader.read(header, LIST));
    assertEquals("Manifest list " + LIST + " holds 0 manifests but records that it was written"
        + " with 1: the file is truncated or was replaced; restore it from a backup or"
        + " re-create the table from its data files", e.getMessage());
  }
}

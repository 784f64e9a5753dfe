package io.datashard.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.exceptions.ObjectNotFoundException;
import io.datashard.exceptions.StorageException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link StorageBackend} contract, as executable tests. Every backend module extends this
 * class and supplies a fresh, empty backend per test; the local and S3 backends run exactly these
 * tests. The concurrency half of the contract lives in {@link StorageBackendConcurrencyContract},
 * which this class inherits.
 */
public abstract class StorageBackendContractTest extends StorageBackendConcurrencyContract {
  protected StorageBackend backend;

  /** A new backend over a fresh, empty location (a temp directory, a unique bucket prefix). */
  protected abstract StorageBackend newBackend();

  /** URIs that do not lie under the backend's root; override if one of these does. */
  protected List<String> foreignUris() {
    return List.of(
        "file:/datashard-contract-elsewhere/t/x.parquet",
        "s3://datashard-contract-foreign-bucket/t/x.parquet",
        "gs://datashard-contract-foreign-bucket/t/x.parquet");
  }

  /** Size of the object the streaming test writes: large enough to cross multipart thresholds. */
  protected int largeObjectSize() {
    return 24 * 1024 * 1024;
  }

  @Override
  protected StorageBackend backend() {
    return backend;
  }

  @BeforeEach
  void openBackend() {
    backend = newBackend();
  }

  @AfterEach
  void closeBackend() {
    if (backend != null) {
      backend.close();
    }
  }

  protected static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  protected static byte[] randomBytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private Map<String, Long> listing(String prefix) {
    return backend.list(prefix).stream()
        .collect(Collectors.toMap(ObjectInfo::key, ObjectInfo::size, (a, b) -> a, TreeMap::new));
  }

  // ---- put-if-absent and put ------------------------------------------------------------------

  @Test
  void putIfAbsentCreatesAMissingObject() {
    assertTrue(backend.putIfAbsent("t/metadata/v1.metadata.json", bytes("first")));
    assertArrayEquals(bytes("first"), backend.read("t/metadata/v1.metadata.json"));
  }

  @Test
  void putIfAbsentReturnsFalseAndKeepsTheFirstContent() {
    assertTrue(backend.putIfAbsent("t/metadata/v1.metadata.json", bytes("first")));
    assertFalse(backend.putIfAbsent("t/metadata/v1.metadata.json", bytes("second, longer")));
    assertArrayEquals(bytes("first"), backend.read("t/metadata/v1.metadata.json"));
  }

  @Test
  void putIfAbsentStoresAnEmptyObject() {
    assertTrue(backend.putIfAbsent("t/empty", new byte[0]));
    assertArrayEquals(new byte[0], backend.read("t/empty"));
    assertEquals(0L, backend.stat("t/empty").orElseThrow().size());
  }

  @Test
  void putCreatesAMissingObject() {
    backend.put("t/metadata/version-hint.text", bytes("1"));
    assertArrayEquals(bytes("1"), backend.read("t/metadata/version-hint.text"));
  }

  @Test
  void putReplacesAnExistingObject() {
    backend.put("t/metadata/version-hint.text", bytes("1234567"));
    backend.put("t/metadata/version-hint.text", bytes("8"));
    assertArrayEquals(bytes("8"), backend.read("t/metadata/version-hint.text"));
    assertEquals(1L, backend.stat("t/metadata/version-hint.text").orElseThrow().size());
  }

  @Test
  void putIfAbsentReturnsFalseForAnObjectWrittenByPut() {
    backend.put("t/k", bytes("put"));
    assertFalse(backend.putIfAbsent("t/k", bytes("pia")));
    assertArrayEquals(bytes("put"), backend.read("t/k"));
  }

  // ---- reads ----------------------------------------------------------------------------------

  @Test
  void readOfAMissingObjectThrowsObjectNotFoundNamingTheKey() {
    ObjectNotFoundException e =
        assertThrows(ObjectNotFoundException.class, () -> backend.read("t/missing.json"));
    assertEquals("t/missing.json", e.key());
  }

  @Test
  void readRangeOfAMissingObjectThrowsObjectNotFound() {
    ObjectNotFoundException e =
        assertThrows(ObjectNotFoundException.class, () -> backend.readRange("t/missing", 0, 1));
    assertEquals("t/missing", e.key());
  }

  @Test
  void openOfAMissingObjectThrowsObjectNotFound() {
    ObjectNotFoundException e =
        assertThrows(ObjectNotFoundException.class, () -> backend.open("t/missing"));
    assertEquals("t/missing", e.key());
  }

  @Test
  void statOfAnObjectReportsItsKeyAndExactSize() {
    backend.put("t/data/a.parquet", randomBytes(12_345, 1));
    ObjectInfo info = backend.stat("t/data/a.parquet").orElseThrow();
    assertEquals("t/data/a.parquet", info.key());
    assertEquals(12_345L, info.size());
    assertTrue(info.lastModifiedMillis() > 0, "lastModifiedMillis=" + info.lastModifiedMillis());
  }

  @Test
  void statOfAMissingObjectIsEmpty() {
    assertEquals(Optional.empty(), backend.stat("t/data/missing.parquet"));
  }

  @Test
  void readRangeReturnsExactlyTheRequestedBytes() {
    byte[] content = randomBytes(10_000, 2);
    backend.put("t/data/a.parquet", content);
    assertArrayEquals(slice(content, 1234, 567), backend.readRange("t/data/a.parquet", 1234, 567));
    assertArrayEquals(slice(content, 9_992, 8), backend.readRange("t/data/a.parquet", 9_992, 8));
    assertArrayEquals(slice(content, 0, 10_000), backend.readRange("t/data/a.parquet", 0, 10_000));
  }

  @Test
  void readRangeOfZeroBytesAtTheEndIsEmpty() {
    backend.put("t/k", bytes("abc"));
    assertArrayEquals(new byte[0], backend.readRange("t/k", 3, 0));
  }

  @Test
  void readRangePastTheEndThrowsStorageException() {
    backend.put("t/k", bytes("0123456789"));
    StorageException e = assertThrows(StorageException.class, () -> backend.readRange("t/k", 5, 6));
    assertFalse(e instanceof ObjectNotFoundException, "the object exists: " + e);
    assertThrows(StorageException.class, () -> backend.readRange("t/k", 11, 1));
  }

  // ---- list -----------------------------------------------------------------------------------

  @Test
  void listIsRecursiveAndReturnsRelativeSlashSeparatedKeysWithSizes() {
    backend.put("t/data/a.parquet", new byte[3]);
    backend.put("t/data/p=1/b.parquet", new byte[5]);
    backend.put("t/data/p=1/q=x/c.parquet", new byte[7]);
    backend.put("t/metadata/v1.metadata.json", new byte[11]);
    assertEquals(
        Map.of("t/data/a.parquet", 3L, "t/data/p=1/b.parquet", 5L, "t/data/p=1/q=x/c.parquet", 7L),
        listing("t/data/"));
  }

  @Test
  void listPrefixWithTrailingSlashDoesNotMatchASiblingWithALongerName() {
    backend.put("t/data/a.parquet", new byte[1]);
    backend.put("t/data_export/x", new byte[1]);
    backend.put("t/data.json", new byte[1]);
    assertEquals(Set.of("t/data/a.parquet"), listing("t/data/").keySet());
  }

  @Test
  void listPrefixIsAPlainStringMatchNotAFolderMatch() {
    backend.put("t/data/a.parquet", new byte[1]);
    backend.put("t/data_export/x", new byte[1]);
    backend.put("t/dat", new byte[1]);
    backend.put("t/other/y", new byte[1]);
    assertEquals(Set.of("t/data/a.parquet", "t/data_export/x"), listing("t/data").keySet());
  }

  @Test
  void listWithAnEmptyPrefixReturnsEverything() {
    backend.put("a", new byte[1]);
    backend.put("t/b/c", new byte[2]);
    assertEquals(Map.of("a", 1L, "t/b/c", 2L), listing(""));
  }

  @Test
  void listOfAPrefixWithNoObjectsIsEmpty() {
    backend.put("t/data/a.parquet", new byte[1]);
    assertEquals(List.of(), backend.list("u/"));
    assertEquals(List.of(), backend.list("t/data/a.parquet/"));
  }

  // ---- delete ---------------------------------------------------------------------------------

  @Test
  void deleteRemovesTheObjectsAndKeepsOthers() {
    backend.put("t/data/a", new byte[1]);
    backend.put("t/data/b", new byte[1]);
    backend.put("t/data/c", new byte[1]);
    backend.delete(List.of("t/data/a", "t/data/c"));
    assertEquals(Optional.empty(), backend.stat("t/data/a"));
    assertEquals(Optional.empty(), backend.stat("t/data/c"));
    assertEquals(Set.of("t/data/b"), listing("").keySet());
  }

  @Test
  void deleteIgnoresMissingKeys() {
    backend.put("t/data/a", new byte[1]);
    backend.delete(List.of("t/data/missing", "t/data/a", "never/existed"));
    assertEquals(Map.of(), listing(""));
  }

  @Test
  void aDeletedKeyCanBeCreatedAgainWithPutIfAbsent() {
    backend.put("t/k", bytes("old"));
    backend.delete(List.of("t/k"));
    assertTrue(backend.putIfAbsent("t/k", bytes("new")));
    assertArrayEquals(bytes("new"), backend.read("t/k"));
  }

  // ---- streaming writes -----------------------------------------------------------------------

  @Test
  void createStreamsALargeObjectThatIsInvisibleUntilClose() throws IOException {
    int size = largeObjectSize();
    byte[] content = randomBytes(size, 3);
    int[] chunks = {1, 7, 4_099, 65_537, 262_143, 262_145, 1_048_583, 3};
    PositionOutputStream out = backend.create("t/data/big.parquet");
    int off = 0;
    for (int i = 0; off < size; i++) {
      int n = Math.min(chunks[i % chunks.length], size - off);
      if (n == 1) {
        out.write(content[off]);
      } else {
        out.write(content, off, n);
      }
      off += n;
      assertEquals(off, out.position());
      if (i == 5) {
        assertEquals(Optional.empty(), backend.stat("t/data/big.parquet"));
        assertThrows(ObjectNotFoundException.class, () -> backend.read("t/data/big.parquet"));
        assertEquals(Map.of(), listing(""));
      }
    }
    out.flush();
    assertEquals(Optional.empty(), backend.stat("t/data/big.parquet"), "visible after flush");
    out.close();
    assertEquals(size, backend.stat("t/data/big.parquet").orElseThrow().size());
    assertArrayEquals(content, backend.read("t/data/big.parquet"));
    assertEquals(Map.of("t/data/big.parquet", (long) size), listing(""));
  }

  /**
   * The metadata {@link StorageBackend#stat} reports for an object written by {@code create(key,
   * given)} with {@code content}: nothing for a backend that does not store metadata (the
   * default); a backend that does overrides this.
   */
  protected Map<String, String> expectedStoredMetadata(Map<String, String> given, byte[] content) {
    return Map.of();
  }

  @Test
  void createWithMetadataPublishesTheObjectAndStatReportsWhatTheBackendStores()
      throws IOException {
    Map<String, String> given = Map.of("table-uuid", "9d1c0a52-5b8e-4c1e-9d55-5f3f3b0f1a11",
        "commit-id", "c0ffee00-0000-4000-8000-000000000001");
    byte[] content = randomBytes(70_000, 5);
    PositionOutputStream out = backend.create("t/data/traced.parquet", given);
    out.write(content);
    assertEquals(Optional.empty(), backend.stat("t/data/traced.parquet"), "visible before close");
    out.close();
    assertArrayEquals(content, backend.read("t/data/traced.parquet"));
    ObjectInfo info = backend.stat("t/data/traced.parquet").orElseThrow();
    assertEquals(content.length, info.size());
    assertEquals(expectedStoredMetadata(given, content), info.metadata());
  }

  @Test
  void createThenAbortLeavesNothing() throws IOException {
    PositionOutputStream out = backend.create("t/data/aborted.parquet");
    out.write(randomBytes(300_000, 4));
    out.abort();
    assertEquals(Optional.empty(), backend.stat("t/data/aborted.parquet"));
    assertThrows(ObjectNotFoundException.class, () -> backend.read("t/data/aborted.parquet"));
    assertEquals(List.of(), backend.list(""));
  }

  @Test
  void closeAfterAbortPublishesNothing() throws IOException {
    PositionOutputStream out = backend.create("t/data/aborted.parquet");
    out.write(bytes("partial"));
    out.abort();
    out.close();
    assertEquals(List.of(), backend.list(""));
  }

  @Test
  void abortAfterCloseKeepsTheObject() throws IOException {
    PositionOutputStream out = backend.create("t/data/a.parquet");
    out.write(bytes("done"));
    out.close();
    out.abort();
    assertArrayEquals(bytes("done"), backend.read("t/data/a.parquet"));
  }

  // ---- seekable reads -------------------------------------------------------------------------

  @Test
  void openSeeksAndReadsExactBytesAtRandomOffsets() throws IOException {
    int size = 3 * 1024 * 1024 + 17;
    byte[] content = randomBytes(size, 5);
    backend.put("t/data/a.parquet", content);
    Random random = new Random(6);
    try (SeekableInputStream in = backend.open("t/data/a.parquet")) {
      assertEquals(size, in.length());
      for (int i = 0; i < 200; i++) {
        int offset = random.nextInt(size);
        int len = Math.min(size - offset, random.nextInt(i % 2 == 0 ? 300 : 600_000));
        in.seek(offset);
        assertEquals(offset, in.position());
        if (i % 3 == 0 && offset < size) {
          assertEquals(content[offset] & 0xff, in.read());
          offset++;
          len = Math.min(len, size - offset);
        }
        byte[] buf = new byte[len];
        in.readFully(buf, 0, len);
        assertArrayEquals(slice(content, offset, len), buf, "offset " + offset + ", len " + len);
        assertEquals(offset + len, in.position());
      }
    }
  }

  @Test
  void openReadsTheWholeObjectSequentially() throws IOException {
    byte[] content = randomBytes(1_000_003, 7);
    backend.put("t/k", content);
    try (SeekableInputStream in = backend.open("t/k")) {
      assertArrayEquals(content, in.readAllBytes());
      assertEquals(-1, in.read());
    }
  }

  @Test
  void openReadFullyPastTheEndThrowsEofException() throws IOException {
    backend.put("t/k", bytes("0123456789"));
    try (SeekableInputStream in = backend.open("t/k")) {
      in.seek(6);
      assertThrows(EOFException.class, () -> in.readFully(new byte[5], 0, 5));
      in.seek(10);
      assertEquals(-1, in.read());
    }
  }

  // ---- URIs -----------------------------------------------------------------------------------

  @Test
  void uriAndKeyOfRoundTrip() {
    for (String key : List.of("t/metadata/v1.metadata.json", "a", "t/data/p=1/x y.parquet")) {
      String uri = backend.uri(key);
      assertTrue(uri.contains("://") || uri.startsWith("file:/"), uri);
      assertTrue(uri.endsWith(key), uri + " should end with " + key);
      assertEquals(key, backend.keyOf(uri));
    }
  }

  @Test
  void keyOfAForeignUriThrowsStorageException() {
    for (String foreign : foreignUris()) {
      assertThrows(StorageException.class, () -> backend.keyOf(foreign), foreign);
    }
  }

  private static byte[] slice(byte[] b, int off, int len) {
    byte[] out = new byte[len];
    System.arraycopy(b, off, out, 0, len);
    return out;
  }
}

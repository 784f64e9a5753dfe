package io.datashard.storage.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.DataShardConfig;
import io.datashard.exceptions.DataShardException;
import io.datashard.exceptions.ObjectNotFoundException;
import io.datashard.exceptions.StorageException;
import io.datashard.spi.ObjectInfo;
import io.datashard.spi.StagedPut;
import io.datashard.spi.StorageBackend;
import io.datashard.spi.StorageBackendFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Behaviour specific to the local backend: configuration, key validation, files on disk. */
class LocalStorageBackendTest {
  @TempDir Path tempDir;
  private Path root;
  private LocalStorageBackend backend;

  @BeforeEach
  void setUp() throws IOException {
    root = tempDir.resolve("warehouse");
    backend = new LocalStorageBackend(root);
    root = root.toRealPath();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Every file under the root whose name marks it as a temp file. */
  private List<Path> tempFiles() throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.getFileName().toString().startsWith(".tmp-"))
          .collect(Collectors.toList());
    }
  }

  // ---- configuration --------------------------------------------------------------------------

  @Test
  void serviceLoaderFindsTheLocalFactoryAndItUsesTheConfiguredRoot() throws IOException {
    StorageBackendFactory factory = ServiceLoader.load(StorageBackendFactory.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(f -> f.type().equals("local"))
        .findFirst()
        .orElseThrow();
    assertEquals(LocalStorageBackendFactory.class, factory.getClass());
    Path configured = tempDir.resolve("from-config/nested");
    DataShardConfig config = DataShardConfig.builder().localRoot(configured).build();
    try (StorageBackend b = factory.create(config)) {
      assertEquals("local", b.type());
      assertTrue(Files.isDirectory(configured), "the root is created");
      assertEquals(configured.toRealPath(), ((LocalStorageBackend) b).root());
    }
  }

  @Test
  void aRelativeRootResolvesToAnAbsoluteNormalizedRealPath() throws IOException {
    Path cwd = Path.of("").toAbsolutePath();
    String relative = cwd.relativize(tempDir.resolve("rel/./x/../wh")).toString();
    DataShardConfig config = DataShardConfig.builder().set("local.root", relative).build();
    LocalStorageBackend b = (LocalStorageBackend) new LocalStorageBackendFactory().create(config);
    assertEquals(tempDir.toRealPath().resolve("rel/wh"), b.root());
  }

  @Test
  void aRootThatIsAFileIsRefusedNamingThePathAndTheVariable() throws IOException {
    Path file = Files.writeString(tempDir.resolve("not-a-dir"), "x");
    DataShardException e = assertThrows(DataShardException.class, () -> new LocalStorageBackend(file));
    assertEquals("Local storage root " + file + " exists but is not a directory: set"
        + " DATASHARD_LOCAL_ROOT (local.root) to a directory", e.getMessage());
  }

  @Test
  void aRootUnderAFileCannotBeCreatedAndTheErrorNamesTheVariable() throws IOException {
    Path file = Files.writeString(tempDir.resolve("not-a-dir"), "x");
    DataShardException e = assertThrows(
        DataShardException.class, () -> new LocalStorageBackend(file.resolve("wh")));
    assertTrue(e.getMessage().startsWith(
        "Cannot create or open the local storage root " + file.resolve("wh")), e.getMessage());
    assertTrue(e.getMessage().contains("DATASHARD_LOCAL_ROOT"), e.getMessage());
  }

  @Test
  void aSymlinkedRootIsResolvedOnceAndKeyOfAcceptsBothSpellings() throws IOException {
    Path link = Files.createSymbolicLink(tempDir.resolve("link"), root);
    LocalStorageBackend b = new LocalStorageBackend(link);
    assertEquals(root, b.root());
    assertEquals("file:" + root + "/t/x", b.uri("t/x"));
    assertEquals("t/x", b.keyOf("file:" + link + "/t/x"));
    assertEquals("t/x", b.keyOf("file:" + root + "/t/x"));
  }

  // ---- keys and URIs --------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
    "\"\"       | it is empty",
    "/abs/x     | it is absolute; keys are relative to the storage root",
    "a/../../x  | it has a '..' segment",
    "../x       | it has a '..' segment",
    "./x        | it has a '.' segment",
    "a//b       | it has an empty segment ('//' or a trailing '/')",
    "a/b/       | it has an empty segment ('//' or a trailing '/')",
    "a\\b       | it contains a backslash; use '/' to separate segments",
    "t/.tmp-1   | segments starting with '.tmp-' are reserved for temp files",
  })
  void invalidKeysAreRejectedWithAMessageNamingTheKey(String key, String why) {
    for (Runnable op : List.<Runnable>of(
        () -> backend.put(key, bytes("x")),
        () -> backend.putIfAbsent(key, bytes("x")),
        () -> backend.read(key),
        () -> backend.stat(key),
        () -> backend.create(key),
        () -> backend.delete(List.of(key)),
        () -> backend.uri(key))) {
      StorageException e = assertThrows(StorageException.class, op::run);
      assertEquals("Invalid storage key '" + key + "': " + why, e.getMessage());
    }
  }

  @Test
  void listRejectsAPrefixThatLeavesTheRoot() {
    StorageException e = assertThrows(StorageException.class, () -> backend.list("../"));
    assertEquals("Invalid storage key '..': it has a '..' segment", e.getMessage());
  }

  @Test
  void uriIsFileColonAndTheAbsolutePath() {
    assertEquals("file:" + root + "/t/metadata/v1.metadata.json",
        backend.uri("t/metadata/v1.metadata.json"));
  }

  @Test
  void keyOfAcceptsEverySpellingOfALocalPath() {
    assertEquals("t/a b", backend.keyOf("file:" + root + "/t/a b"));
    assertEquals("t/x", backend.keyOf("file://" + root + "/t/x"));
    assertEquals("t/x", backend.keyOf("file://localhost" + root + "/t/x"));
    assertEquals("t/x", backend.keyOf(root + "/t/x"));
  }

  @Test
  void keyOfRefusesASiblingOfTheRootThatSharesItsName() {
    StorageException e = assertThrows(
        StorageException.class, () -> backend.keyOf("file:" + root + "-2/t/x"));
    assertEquals("URI 'file:" + root + "-2/t/x' does not lie under the local storage root " + root
        + "; it belongs to another location or backend", e.getMessage());
    assertThrows(StorageException.class, () -> backend.keyOf("file:" + root));
    assertThrows(StorageException.class, () -> backend.keyOf("file://otherhost" + root + "/t/x"));
    assertThrows(StorageException.class, () -> backend.keyOf("file:" + root + "/t/../../x"));
  }

  // ---- files on disk --------------------------------------------------------------------------

  @Test
  void objectsAreFilesUnderTheRoot() throws IOException {
    backend.put("t/metadata/v1.metadata.json", bytes("{}"));
    assertEquals("{}", Files.readString(root.resolve("t/metadata/v1.metadata.json")));
  }

  @Test
  void aLosingPutIfAbsentLeavesNoTempFile() throws IOException {
    assertTrue(backend.putIfAbsent("t/v1", bytes("a")));
    assertFalse(backend.putIfAbsent("t/v1", bytes("b")));
    // Bypass the early existence check: the target appears between the check and the link.
    Files.writeString(root.resolve("t/v2"), "outside");
    assertFalse(backend.putIfAbsent("t/v2", bytes("b")));
    assertEquals(List.of(), tempFiles());
    assertArrayEquals(bytes("outside"), backend.read("t/v2"));
  }

  @Test
  void aStagedPutIsInvisibleUntilItsCommitAndLosesARaceCleanly() throws IOException {
    String v1 = "t/metadata/v1.metadata.json";
    StagedPut staged = backend.stagePutIfAbsent(v1, bytes("mine"));
    assertEquals(1, tempFiles().size()); // written and fsynced under a temporary name only
    assertEquals(java.util.Optional.empty(), backend.stat(v1));
    assertTrue(staged.commit());
    assertArrayEquals(bytes("mine"), backend.read(v1));
    assertEquals(List.of(), tempFiles());

    // Another writer creates v2 between staging and the commit point: the hard link decides.
    String v2 = "t/metadata/v2.metadata.json";
    StagedPut late = backend.stagePutIfAbsent(v2, bytes("late"));
    Files.writeString(root.resolve(v2), "winner");
    assertFalse(late.commit());
    assertArrayEquals(bytes("winner"), backend.read(v2));
    assertEquals(List.of(), tempFiles());

    // Aborted: nothing at the key and no temporary file.
    backend.stagePutIfAbsent("t/metadata/v3.metadata.json", bytes("x")).abort();
    assertEquals(java.util.Optional.empty(), backend.stat("t/metadata/v3.metadata.json"));
    assertEquals(List.of(), tempFiles());
    // Staging where the object already exists answers at once and writes nothing.
    assertFalse(backend.stagePutIfAbsent(v1, bytes("again")).commit());
    assertEquals(List.of(), tempFiles());
    assertArrayEquals(bytes("mine"), backend.read(v1));
  }

  @Test
  void aFailedPutIfAbsentLeavesNoTempFile() throws IOException {
    Files.createDirectories(root.resolve("t/dir/child"));
    StorageException e = assertThrows(
        StorageException.class, () -> backend.putIfAbsent("t/dir", bytes("x")));
    assertTrue(e.getMessage().contains("a directory exists at key 't/dir'"), e.getMessage());
    assertEquals(List.of(), tempFiles());
  }

  @Test
  void aFailedPutLeavesNoTempFile() throws IOException {
    Files.createDirectories(root.resolve("t/dir/child"));
    StorageException e = assertThrows(StorageException.class, () -> backend.put("t/dir", bytes("x")));
    assertTrue(e.getMessage().startsWith("Failed to write " + root.resolve("t/dir") + " (put)"),
        e.getMessage());
    assertEquals(List.of(), tempFiles());
  }

  @Test
  void aWriteBelowAFileFailsNamingThePath() throws IOException {
    backend.put("t/file", bytes("x"));
    StorageException e = assertThrows(
        StorageException.class, () -> backend.putIfAbsent("t/file/child", bytes("y")));
    assertTrue(e.getMessage().startsWith("Failed to write " + root.resolve("t/file/child")),
        e.getMessage());
  }

  @Test
  void listSkipsInFlightTempFiles() throws IOException {
    backend.put("t/data/a", bytes("a"));
    Files.writeString(root.resolve("t/data/.tmp-123.tmp"), "in flight");
    assertEquals(List.of(new ObjectInfo("t/data/a", 1, Files.getLastModifiedTime(
        root.resolve("t/data/a")).toMillis())), backend.list("t/"));
  }

  @Test
  void aDirectoryIsNotAnObject() throws IOException {
    Files.createDirectories(root.resolve("t/dir"));
    assertEquals(Optional.empty(), backend.stat("t/dir"));
    assertThrows(ObjectNotFoundException.class, () -> backend.read("t/dir"));
    backend.delete(List.of("t/dir"));
    assertTrue(Files.isDirectory(root.resolve("t/dir")));
  }

  @Test
  void writtenFilesGetTheSamePermissionsAsOrdinaryFiles() throws IOException {
    backend.putIfAbsent("t/a", bytes("a"));
    Path ordinary = Files.createFile(root.resolve("t/ordinary"));
    assertEquals(Files.getPosixFilePermissions(ordinary),
        Files.getPosixFilePermissions(root.resolve("t/a")));
  }
}

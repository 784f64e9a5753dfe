package io.datashard.it;

import static io.datashard.it.Fixtures.EVENTS;
import static io.datashard.it.Fixtures.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.DataShardConfig;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import io.datashard.exceptions.CommitConflictException;
import io.datashard.exceptions.CommitStateUnknownException;
import io.datashard.exceptions.StorageException;
import io.datashard.exceptions.StorageRejectedException;
import io.datashard.internal.json.Json;
import io.datashard.internal.metadata.SupersededMetadataParser;
import io.datashard.storage.local.LocalStorageBackendFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit protocol's outcome cases (DESIGN §4 steps 5 and 6, §9.1 and §9.2), each forced
 * deterministically at the commit point of version 3 of a table that already has one snapshot.
 */
class CommitProtocolTest {
  private static final String V3 = "events/metadata/v3.metadata.json";

  @TempDir Path root;
  FaultInjectingBackend faulty;
  Warehouse wh;
  Warehouse clean;
  Table table;

  @BeforeEach
  void open() {
    DataShardConfig config = DataShardConfig.builder().localRoot(root)
        .set(DataShardConfig.COMMIT_MAX_ATTEMPTS, "4")
        .set(DataShardConfig.COMMIT_BACKOFF_MIN_MS, "1")
        .set(DataShardConfig.COMMIT_BACKOFF_MAX_MS, "2")
        // separate "processes": no JVM-local lock between the two warehouses' handles
        .set("commit.jvm.lock", "false")
        .build();
    faulty = new FaultInjectingBackend(new LocalStorageBackendFactory().create(config));
    wh = Warehouse.of(faulty, config);
    clean = Fixtures.warehouse(root);
    table = wh.createTable("events", EVENTS);
    table.appendRecords(events(0, 3));
  }

  @AfterEach
  void close() {
    wh.close();
    clean.close();
  }

  private void assertOneCommit(Snapshot s, int expectedRows) {
    Table fresh = clean.loadTable("events");
    List<Snapshot> withId = fresh.snapshots().stream()
        .filter(x -> s.commitId().equals(x.commitId())).toList();
    assertEquals(1, withId.size(), "the commit appears exactly once");
    assertEquals(expectedRows, fresh.scan().toRecords().size());
  }

  @Test
  void appliedButUnacknowledgedWriteIsRecognisedAsOursAndNotRepeated() {
    faulty.onPutIfAbsent(V3::equals, (key, content, real) -> {
      real.put();
      throw new StorageException("response lost", new IOException("read timed out"));
    });
    Snapshot s = table.appendRecords(events(3, 2));
    assertEquals(2, s.sequenceNumber());
    assertOneCommit(s, 5);
    assertEquals(2, clean.loadTable("events").snapshots().size());
  }

  @Test
  void sdkRetryEchoOfOurOwnWriteIsAWinNotAConflict() {
    // The first try lands, its response is lost, the SDK retries and gets 412 (false).
    faulty.onPutIfAbsent(V3::equals, (key, content, real) -> {
      assertTrue(real.put());
      return real.put();
    });
    Snapshot s = table.appendRecords(events(3, 2));
    assertEquals(2, s.sequenceNumber());
    assertOneCommit(s, 5);
    assertEquals(2, clean.loadTable("events").snapshots().size());
  }

  /** True once {@code v<version>} of the table was replaced by its superseded-version stub. */
  private boolean isStub(int version) {
    String json;
    try {
      json = Files.readString(root.resolve("events/metadata/v" + version + ".metadata.json"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return SupersededMetadataParser.isStub(Json.parse("v" + version, json));
  }

  @Test
  void unknownOutcomeIsRecognisedAsOursEvenAfterTheVersionWasStubbed() throws Exception {
    // Our v3 lands, its response is lost, and before we re-read it eleven commits by another
    // writer (v4..v14) push v3 out of the metadata-log: the winner of v14 stubs it.
    faulty.onPutIfAbsent(V3::equals, (key, content, real) -> {
      assertTrue(real.put());
      Table other = clean.loadTable("events");
      for (int i = 0; i < 11; i++) {
        other.appendRecords(events(100 + i, 1));
      }
      clean.awaitBackgroundWrites(); // the stub is written in the background after v14
      assertTrue(isStub(3), "v3 was stubbed before the writer re-read it");
      throw new StorageException("response lost", new IOException("read timed out"));
    });
    Snapshot s = table.appendRecords(events(3, 2));
    assertEquals(2, s.sequenceNumber(), "our commit is v3's snapshot, recognised in the stub");
    assertOneCommit(s, 3 + 2 + 11);
    assertEquals(13, clean.loadTable("events").snapshots().size(), "never appended twice");
    assertEquals(13, table.snapshots().size(), "the writer's handle moved to the latest version");
  }

  @Test
  void aVersionStubbedBeforeOurWriteIsALostRaceAndRebases() throws Exception {
    // Before our put of v3, another writer commits twelve times (v3..v14); v3 is a stub by then.
    AtomicInteger calls = new AtomicInteger();
    faulty.onPutIfAbsent(V3::equals, (key, content, real) -> {
      if (calls.incrementAndGet() == 1) {
        Table other = clean.loadTable("events");
        for (int i = 0; i < 12; i++) {
          other.appendRecords(events(100 + i, 1));
        }
        clean.awaitBackgroundWrites(); // the stub is written in the background after v14
        assertTrue(isStub(3));
      }
      return real.put();
    });
    Snapshot s = table.appendRecords(events(3, 2));
    assertEquals(14, s.sequenceNumber(), "rebased onto v14, committed as v15");
    assertOneCommit(s, 3 + 12 + 2);
  }

  @Test
  void failedWriteThatDidNotLandIsRetriedAtTheSameVersion() {
    AtomicInteger calls = new AtomicInteger();
    faulty.onPutIfAbsent(V3::equals, (key, content, real) -> {
      if (calls.incrementAndGet() == 1) {
        throw new StorageException("503 SlowDown", new IOException("throttled"));
      }
      return real.put();
    });
    Snapshot s = table.appendRecords(events(3, 2));
    assertEquals(2, calls.get());
    assertEquals(2, s.sequenceNumber());
    assertOneCommit(s, 5);
  }

  @Test
  void unknownOutcomeWhoseReReadFailsIsReportedWithTheCommitId() {
    faulty.onPutIfAbsent(V3::equals, (key, content, real) -> {
      real.put();
      throw new StorageException("response lost", new IOException("read timed out"));
    });
    faulty.failReadsOf(V3::equals);
    CommitStateUnknownException e = assertThrows(CommitStateUnknownException.class,
        () -> table.appendRecords(events(3, 2)));
    assertTrue(e.getMessage().contains("failed with an unknown outcome (response lost) and"
        + " re-reading it failed too (injected read failure of " + V3 + ")"), e.getMessage());
    // It did land: the id in the exception is how the caller finds out.
    faulty.clear();
    Table fresh = clean.loadTable("events");
    assertEquals(e.commitId(), fresh.currentSnapshot().commitId());
    assertEquals(5, fresh.scan().toRecords().size());
  }

  @Test
  void lostRaceRebasesAndReusesTheManifest() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    faulty.onPutIfAbsent(V3::equals, (key, content, real) -> {
      if (calls.incrementAndGet() == 1) {
        clean.loadTable("events").appendRecords(events(100, 4)); // another writer takes v3
      }
      return real.put();
    });
    Snapshot s = table.appendRecords(events(3, 2));
    assertEquals(3, s.sequenceNumber(), "rebased onto the winner");
    assertOneCommit(s, 9);
    try (Stream<Path> files = Files.list(root.resolve("events/metadata"))) {
      List<String> lists = files.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("snap-") && n.contains(s.commitId())).toList();
      assertEquals(1, lists.size(), "the losing attempt's manifest list was deleted: " + lists);
    }
    try (Stream<Path> files = Files.list(root.resolve("events/metadata"))) {
      assertEquals(1, files.filter(p -> p.getFileName().toString()
          .equals(s.commitId() + "-m0.avro")).count(), "one manifest, written once");
    }
  }

  @Test
  void exhaustedRetriesFailCleanlyAndDeleteEverythingTheCommitWrote() throws Exception {
    faulty.onPutIfAbsent(k -> k.matches("events/metadata/v\\d+\\.metadata\\.json"),
        (key, content, real) -> {
          clean.loadTable("events").appendRecords(events(1000, 1)); // always someone faster
          return real.put();
        });
    long dataFilesBefore = countFiles("events/data");
    CommitConflictException e = assertThrows(CommitConflictException.class,
        () -> table.appendRecords(events(3, 2)));
    assertTrue(e.getMessage().startsWith("Gave up committing to table 'events' after 4 attempts"
        + " in "), e.getMessage());
    assertTrue(e.getMessage().endsWith("other writers kept winning the race for the next version."
        + " Nothing from this commit is visible and it is safe to retry; to wait longer, raise"
        + " commit.max.attempts (DATASHARD_COMMIT_MAX_ATTEMPTS, now 4) or commit.timeout.ms"
        + " (DATASHARD_COMMIT_TIMEOUT_MS, now 120000)"), e.getMessage());
    faulty.clear();
    Table fresh = clean.loadTable("events");
    assertEquals(3 + 4, fresh.scan().toRecords().size(), "only the other writer's rows");
    // four other commits each added one data file; ours was deleted
    assertEquals(dataFilesBefore + 4, countFiles("events/data"));
    try (Stream<Path> files = Files.list(root.resolve("events/metadata"))) {
      assertEquals(0, files.filter(p -> p.getFileName().toString().endsWith(".avro"))
          .filter(p -> fresh.snapshots().stream().noneMatch(
              s -> s.manifestListLocation().endsWith(p.getFileName().toString())))
          .filter(p -> p.getFileName().toString().startsWith("snap-"))
          .count(), "no manifest list of the failed commit is left");
    }
  }

  @Test
  void rejectedCommitPointFailsAtOnceWithoutRetryingAndCleansUp() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    faulty.onPutIfAbsent(V3::equals, (key, content, real) -> {
      calls.incrementAndGet();
      throw new StorageRejectedException("S3 refused to write (put-if-absent) " + key
          + ": AccessDenied (HTTP 403)", new IOException("403"));
    });
    long dataFilesBefore = countFiles("events/data");
    StorageRejectedException e = assertThrows(StorageRejectedException.class,
        () -> table.appendRecords(events(3, 2)));
    assertEquals("S3 refused to write (put-if-absent) " + V3 + ": AccessDenied (HTTP 403)",
        e.getMessage());
    assertEquals(1, calls.get(), "a refusal is not retried");
    faulty.clear();
    assertEquals(1, clean.loadTable("events").snapshots().size());
    assertEquals(dataFilesBefore, countFiles("events/data"), "the commit's data file was deleted");
  }

  private long countFiles(String dir) throws IOException {
    try (Stream<Path> files = Files.list(root.resolve(dir))) {
      return files.count();
    }
  }
}

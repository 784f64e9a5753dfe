package io.datashard.it;

import static io.datashard.it.Fixtures.EVENTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import io.datashard.exceptions.DataShardException;
import io.datashard.storage.local.LocalStorageBackend;
import io.datashard.testing.TableAssertions;
import io.datashard.testing.WorkerJvm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

/**
 * The cross-process commit lock of local tables ({@code commit.process.lock}): writer processes
 * queue on it instead of racing; it is only advisory, so a holder that dies, a wait that times
 * out, a lock file that cannot be used, or the lock switched off never stop a commit.
 */
class ProcessCommitLockTest {
  private static final int ROWS = 10;
  /** The lock DataShard takes for table {@code events}: the file events/metadata/.lock-commit. */
  private static final String LOCK_KEY = "events/metadata/commit";
  private static final Pattern ATTEMPT = Pattern.compile(".*/snap-\\d+-(\\d+)-[^/]*\\.avro");

  @TempDir Path root;

  /**
   * 4 JVMs x 10 appends holding the lock (with a wait bound no commit reaches): every commit id
   * once, every row once, and every commit won at its first attempt, since no writer raced.
   */
  @Test
  void processesUnderTheLockCommitEverythingOnceAtTheFirstAttempt() throws Throwable {
    List<String> acknowledged = runWriters(4, 10, "commit.lock.timeout-ms=3600000");
    try (Warehouse wh = Fixtures.warehouse(root)) {
      Table table = wh.loadTable("events");
      TableAssertions.assertHoldsExactly(table, acknowledged, 40, ROWS);
      for (Snapshot s : table.snapshots()) {
        assertEquals(1, attemptOf(s), "attempts of " + s.manifestListLocation());
      }
    }
    assertTrue(Files.isRegularFile(root.resolve("events/metadata/.lock-commit")),
        "the lock DataShard took is the one LOCK_KEY names");
  }

  /** With the lock off, processes race at the conditional create as before: still exact. */
  @Test
  void processesWithTheLockOffStillCommitEverythingOnce() throws Throwable {
    List<String> acknowledged = runWriters(4, 10, "commit.process.lock=false");
    try (Warehouse wh = Fixtures.warehouse(root)) {
      TableAssertions.assertHoldsExactly(wh.loadTable("events"), acknowledged, 40, ROWS);
    }
    assertFalse(Files.exists(root.resolve("events/metadata/.lock-commit")), "never locked");
  }

  /**
   * A process killed while it holds the lock releases it (the OS drops its file locks), so the
   * next writer gets the lock at once and commits without a warning.
   */
  @Test
  void processKilledWhileHoldingTheLockDoesNotBlockOthers() throws Throwable {
    try (Warehouse wh = Fixtures.warehouse(root, "commit.lock.timeout-ms", "3600000")) {
      wh.createTable("events", EVENTS);
      WorkerJvm holder = startHolder();
      LocalStorageBackend backend = new LocalStorageBackend(root);
      try {
        assertEquals(Optional.empty(), backend.tryLock(LOCK_KEY, Duration.ZERO), "held");
      } finally {
        holder.process().destroyForcibly();
      }
      assertTrue(holder.process().waitFor(1, TimeUnit.MINUTES), "holder ended");
      backend.tryLock(LOCK_KEY, Duration.ZERO).orElseThrow().close();

      Table table = wh.loadTable("events");
      String log = stderrOf(() -> table.appendRecords(AppendWorker.batch("after", ROWS)));
      assertEquals("", log);
      assertEquals(1, table.snapshots().size());
      assertEquals(1, attemptOf(table.currentSnapshot()));
      assertEquals(ROWS, table.scan().toRecords().size());
    }
  }

  /** A wait longer than commit.lock.timeout-ms commits without the lock, after a WARN. */
  @Test
  void lockWaitBeyondTheTimeoutCommitsWithoutTheLockAfterAWarning() throws Throwable {
    try (Warehouse wh = Fixtures.warehouse(root, "commit.lock.timeout-ms", "50")) {
      wh.createTable("events", EVENTS);
      Table table = wh.loadTable("events");
      WorkerJvm holder = startHolder();
      String log;
      try {
        log = stderrOf(() -> table.appendRecords(AppendWorker.batch("meanwhile", ROWS)));
        assertTrue(holder.process().isAlive(), "the lock was held throughout");
      } finally {
        holder.process().destroyForcibly();
      }
      assertEquals("[main] WARN io.datashard.internal.table.ProcessCommitLock - Table 'events':"
          + " waited 50 ms for the cross-process commit lock without getting it (another"
          + " process holds it: a long commit, or a process that is stopped or hung);"
          + " committing without it. This is safe (the conditional create of the next version"
          + " decides every commit). If commits routinely wait this long, raise"
          + " commit.lock.timeout-ms (DATASHARD_COMMIT_LOCK_TIMEOUT_MS).\n", log);
      Table reloaded = wh.loadTable("events");
      assertEquals(1, reloaded.snapshots().size());
      assertEquals(ROWS, reloaded.scan().toRecords().size());
    }
  }

  /**
   * A lock file that cannot be opened (here a directory in its place, which even root cannot
   * open for writing) does not stop commits: they go ahead without the lock, and the process
   * warns once per table, not once per commit.
   */
  @Test
  void unusableLockFileCommitsWithoutTheLockAndWarnsOnce() throws Throwable {
    try (Warehouse wh = Fixtures.warehouse(root)) {
      wh.createTable("events", EVENTS);
      Path lockFile = root.resolve("events/metadata/.lock-commit");
      Files.createDirectories(lockFile);
      Table table = wh.loadTable("events");
      String log = stderrOf(() -> {
        table.appendRecords(AppendWorker.batch("one", ROWS));
        table.appendRecords(AppendWorker.batch("two", ROWS));
      });
      assertTrue(log.startsWith("[main] WARN io.datashard.internal.table.ProcessCommitLock -"
          + " Table 'events': cannot use the cross-process commit lock (Cannot take the"
          + " advisory lock on " + lockFile.toRealPath() + ": "), log);
      assertTrue(log.endsWith("); committing without it. This is safe (the conditional create"
          + " of the next version decides every commit), but writer processes will race and"
          + " retry more. Make the lock file writable, or set commit.process.lock=false"
          + " (DATASHARD_COMMIT_PROCESS_LOCK) to stop trying. Reported once per process.\n"), log);
      assertEquals(1, log.lines().count(), log);
      assertEquals(2, wh.loadTable("events").snapshots().size());
      assertEquals(2 * ROWS, wh.loadTable("events").scan().toRecords().size());
    }
  }

  @Test
  void invalidSettingsFailWhenTheWarehouseOpens() {
    DataShardException e = assertThrows(DataShardException.class,
        () -> Fixtures.warehouse(root, "commit.process.lock", "yes"));
    assertEquals("Invalid setting 'commit.process.lock' (DATASHARD_COMMIT_PROCESS_LOCK) = 'yes':"
        + " expected true or false", e.getMessage());
    e = assertThrows(DataShardException.class,
        () -> Fixtures.warehouse(root, "commit.lock.timeout-ms", "-1"));
    assertEquals("Invalid setting 'commit.lock.timeout-ms' (DATASHARD_COMMIT_LOCK_TIMEOUT_MS) = -1:"
        + " it must be between 0 and 3600000", e.getMessage());
  }

  /** Starts {@link LockHolder} on the table's commit lock and waits until it holds it. */
  private WorkerJvm startHolder() throws Exception {
    WorkerJvm holder = WorkerJvm.start(LockHolder.class, root.toString(), LOCK_KEY);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!holder.output().contains(LockHolder.LOCKED) && holder.process().isAlive()
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    if (!holder.output().contains(LockHolder.LOCKED)) {
      holder.process().destroyForcibly();
      throw new AssertionError("lock holder did not take the lock:\n" + holder.output());
    }
    return holder;
  }

  /** Creates table events and runs {@code processes} AppendWorkers with this setting. */
  private List<String> runWriters(int processes, int commits, String setting) throws Exception {
    try (Warehouse wh = Fixtures.warehouse(root)) {
      wh.createTable("events", EVENTS);
    }
    return AppendWorker.runAll(root, "events", processes, commits, ROWS, setting);
  }

  /** The attempt that won, from the manifest list's name (snap-<id>-<attempt>-<commit>.avro). */
  private static int attemptOf(Snapshot s) {
    Matcher m = ATTEMPT.matcher(s.manifestListLocation());
    assertTrue(m.matches(), s.manifestListLocation());
    return Integer.parseInt(m.group(1));
  }

  /** What the logger (slf4j-simple, on standard error) printed while {@code body} ran. */
  private static String stderrOf(Executable body) throws Throwable {
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      body.execute();
    } finally {
      System.setErr(saved);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}

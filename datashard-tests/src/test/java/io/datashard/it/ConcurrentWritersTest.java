package io.datashard.it;

import io.datashard.testing.TableAssertions;
import io.datashard.testing.WorkerJvm;
import static io.datashard.it.Fixtures.EVENTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Many writers, one table: every commit lands exactly once and no row is lost or doubled. */
class ConcurrentWritersTest {
  private static final int ROWS = 10;

  @TempDir Path root;

  /**
   * 8 threads x 50 appends, each thread with its own handle. With the JVM lock off the threads
   * race at the commit point exactly like separate processes do.
   */
  @ParameterizedTest(name = "commit.jvm.lock={0}")
  @ValueSource(strings = {"true", "false"})
  void eightThreadsFiftyAppendsEach(String jvmLock) throws Exception {
    int threads = 8;
    int commits = 50;
    try (Warehouse wh = Fixtures.warehouse(root, "commit.jvm.lock", jvmLock)) {
      wh.createTable("events", EVENTS);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Future<List<String>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        final String tag = "t" + t;
        futures.add(pool.submit(() -> {
          Table table = wh.loadTable("events");
          start.await();
          List<String> ids = new ArrayList<>();
          for (int c = 0; c < commits; c++) {
            String batchTag = tag + "-c" + c;
            Snapshot s = table.newAppend().appendRecords(AppendWorker.batch(batchTag, ROWS))
                .set("tag", batchTag).commit();
            ids.add(s.commitId() + " " + batchTag);
          }
          return ids;
        }));
      }
      List<String> acknowledged = new ArrayList<>();
      for (Future<List<String>> f : futures) {
        acknowledged.addAll(f.get(5, TimeUnit.MINUTES));
      }
      pool.shutdown();
      TableAssertions.assertHoldsExactly(wh.loadTable("events"), acknowledged,
          threads * commits, ROWS);
    }
  }

  /** 4 separate JVMs x 25 appends on one table. */
  @Test
  void fourProcessesTwentyFiveAppendsEach() throws Exception {
    int processes = 4;
    int commits = 25;
    try (Warehouse wh = Fixtures.warehouse(root)) {
      wh.createTable("events", EVENTS);
      List<WorkerJvm> workers = new ArrayList<>();
      try {
        for (int p = 0; p < processes; p++) {
          workers.add(WorkerJvm.start(AppendWorker.class, root.toString(), "events", "p" + p,
              Integer.toString(commits), Integer.toString(ROWS)));
        }
        for (WorkerJvm w : workers) {
          assertTrue(w.process().waitFor(4, TimeUnit.MINUTES), "worker finished in time");
          w.awaitOutput();
          assertEquals(0, w.process().exitValue(), "worker failed:\n" + w.output());
        }
      } finally {
        workers.forEach(w -> w.process().destroyForcibly());
      }
      List<String> acknowledged = workers.stream().flatMap(w -> w.committed().stream()).toList();
      assertEquals(processes * commits, acknowledged.size());
      TableAssertions.assertHoldsExactly(wh.loadTable("events"), acknowledged,
          processes * commits, ROWS);
    }
  }
}

package io.datashard.bench;

import io.datashard.bench.WriterLoop.Outcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Workload 4 over writer counts, a plain program: for each engine and each number of writer
 * threads (default 1, 2, 4, 8, 16), every thread with its own table handle appends 100-record
 * commits to one fresh table for {@code seconds}, after {@code warmup} seconds of the same on a
 * scratch table. Prints one Markdown row per run: commits/s, p50/p99 latency of acknowledged
 * commits, retries per commit, commits given up, other errors, lost commits and the rows checked
 * ({@link WriterReport} throws on a wrong table).
 *
 * <pre>{@code java -cp datashard-bench.jar io.datashard.bench.WriterScaling \
 *     threads=1,2,4,8,16 seconds=5 warmup=2 engines=datashard,iceberg}</pre>
 *
 * <p>{@code engines} also accepts {@code datashard-nolock} (the per-JVM commit lock off).
 */
public final class WriterScaling {
  private WriterScaling() {}

  /** Runs every engine at every writer count and prints the table. */
  public static void main(String[] args) throws Exception {
    Args a = Args.parse(args, Map.of("threads", "1,2,4,8,16", "seconds", "5", "warmup", "2",
        "engines", "datashard,iceberg", "history", "all"));
    boolean keepAll = historyAll(a.string("history"));
    System.out.println("Workload 4, writer threads in one JVM (" + a.describe() + ")\n");
    System.out.println(WriterReport.header());
    for (String engine : a.list("engines")) {
      for (String threads : a.list("threads")) {
        Engine e = keepAll ? Engine.named(engine).keepingAllSnapshots() : Engine.named(engine);
        int n = Integer.parseInt(threads);
        run(e, n, a.integer("warmup"), false);
        System.out.println(run(e, n, a.integer("seconds"), true));
      }
    }
  }

  /**
   * {@code history=all}: every snapshot stays in the metadata, so every commit id is checked;
   * {@code history=default}: the engine's default retention (DataShard keeps the newest 100), as
   * a user runs it; rows are still checked exactly, commit ids only for the retained snapshots.
   */
  static boolean historyAll(String history) {
    switch (history) {
      case "all":
        return true;
      case "default":
        return false;
      default:
        throw new IllegalArgumentException("history must be all or default, got '" + history
            + "'");
    }
  }

  /**
   * {@code threads} writers on a fresh table for {@code seconds}; checks the table and returns
   * the row when {@code report}, or discards the run (a warm-up) when not.
   */
  private static String run(Engine engine, int threads, int seconds, boolean report)
      throws Exception {
    Path dir = Workload.tempDir("scaling-" + engine.name());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<BenchTable> handles = new ArrayList<>();
    try {
      engine.create(dir, "t").close();
      for (int w = 0; w < threads; w++) {
        handles.add(engine.load(dir, "t"));
      }
      long start = System.nanoTime();
      long deadline = start + seconds * 1_000_000_000L;
      List<Future<List<Outcome>>> futures = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        int writer = w;
        futures.add(pool.submit(() -> WriterLoop.run(engine, handles.get(writer), writer,
            deadline)));
      }
      List<Outcome> outcomes = new ArrayList<>();
      for (Future<List<Outcome>> f : futures) {
        outcomes.addAll(f.get());
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      if (!report) {
        return null;
      }
      try (BenchTable t = engine.load(dir, "t")) {
        return WriterReport.check(engine, t, Integer.toString(threads), outcomes, elapsed);
      }
    } finally {
      pool.shutdownNow();
      handles.forEach(BenchTable::close);
      Workload.deleteTree(dir);
    }
  }
}

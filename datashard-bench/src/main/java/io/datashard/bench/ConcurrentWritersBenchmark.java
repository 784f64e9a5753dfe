package io.datashard.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Workload 4: 8 writer threads (change with {@code -t}), each with its own table handle, append
 * 100 records per commit to one table. Throughput is commits/s over all threads; sample time
 * gives p50/p99 commit latency. A commit the engine gives up on (Iceberg: {@code
 * CommitFailedException} after its default 4 retries; DataShard: {@code CommitConflictException})
 * is counted in {@code failedCommits} and is not an error of the benchmark. At the end of each
 * iteration the table must hold exactly 100 rows per successful commit, and the retries per
 * commit (from the attempt number in every snapshot's manifest list name) are printed. DataShard
 * serialises the commits of one JVM on a per-table lock by default (so its threads do not retry);
 * {@code datashard-nolock} turns that lock off so the threads race at the commit point like
 * separate processes.
 */
@Threads(8)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx4g"})
public class ConcurrentWritersBenchmark {
  static final int ROWS = 100;

  /** The table all threads write, fresh per iteration. */
  @State(Scope.Benchmark)
  public static class Shared {
    @Param({"datashard", "datashard-nolock", "iceberg"})
    public String engine;

    Engine impl;
    Path dir;
    final AtomicLong commits = new AtomicLong();

    /** Creates the iteration's table. */
    @Setup(Level.Iteration)
    public void setUp() {
      impl = Engine.named(engine).keepingAllSnapshots(); // every commit id is checked
      dir = Workload.tempDir("writers-" + engine);
      impl.create(dir, "t").close();
      commits.set(0);
    }

    /** Checks exact rows and snapshots, prints retries per commit, deletes the table. */
    @TearDown(Level.Iteration)
    public void checkAndClean() {
      try (BenchTable t = impl.load(dir, "t")) {
        long n = commits.get();
        Workload.check(engine + " rows after " + n + " commits", n * ROWS, t.count());
        List<Integer> attempts = t.commitAttempts();
        Workload.check(engine + " snapshots after " + n + " commits", n, attempts.size());
        long retries = attempts.stream().mapToLong(a -> a - 1).sum();
        System.out.printf("%n[%s] %d commits, %.2f retries per commit, max attempts %d%n",
            engine, n, n == 0 ? 0.0 : (double) retries / n,
            attempts.stream().mapToInt(Integer::intValue).max().orElse(0));
      }
      Workload.deleteTree(dir);
    }
  }

  /** One thread's own handle and rows. */
  @State(Scope.Thread)
  public static class Writer {
    BenchTable handle;
    Object batch;

    /** Opens this thread's handle on the iteration's table. */
    @Setup(Level.Iteration)
    public void setUp(Shared shared) {
      handle = shared.impl.load(shared.dir, "t");
      batch = shared.impl.batch(0, ROWS);
    }

    /** Closes the handle. */
    @TearDown(Level.Iteration)
    public void tearDown() {
      handle.close();
    }
  }

  /** Commits the engine gave up on, reported next to the throughput. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Outcomes {
    public long failedCommits;
  }

  /** Commits/s over all threads: one append commit of 100 records from this thread's handle. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public void commitsPerSecond(Shared shared, Writer writer, Outcomes outcomes) {
    appendOnce(shared, writer, outcomes);
  }

  /** Commit latency (sampled: p50, p99) of the same append under the same contention. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public void commitLatency(Shared shared, Writer writer, Outcomes outcomes) {
    appendOnce(shared, writer, outcomes);
  }

  private static void appendOnce(Shared shared, Writer writer, Outcomes outcomes) {
    try {
      writer.handle.append(writer.batch);
      shared.commits.incrementAndGet();
    } catch (RuntimeException e) {
      if (!shared.impl.isCommitConflict(e)) {
        throw e;
      }
      outcomes.failedCommits++;
    }
  }
}

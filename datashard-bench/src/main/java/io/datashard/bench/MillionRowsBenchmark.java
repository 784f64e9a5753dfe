package io.datashard.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Workload 5: one commit of 1,000,000 rows (rows/s), a full scan of a 1,000,000-row table to
 * Arrow (rows/s), and a selective scan to records of the 1% of rows with {@code user_id <
 * 10,000} (ms per scan; the rows are in one data file and one row group, so the filter is
 * applied row by row by both engines). Every result's row count is checked.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx6g"})
public class MillionRowsBenchmark {
  static final int ROWS = 1_000_000;
  static final long SELECTIVE_BOUND = ROWS / 100;

  /**
   * {@code datashard} (default reader choice, auto) or {@code iceberg}; {@code -p
   * engine=datashard-native,datashard-java} measures each DataShard Parquet reader forced.
   */
  @Param({"datashard", "iceberg"})
  public String engine;

  private Engine impl;
  private Object batch;
  private Path scanDir;
  private BenchTable scanTable;
  private Path writeDir;
  private BenchTable writeTable;
  private long writes;
  private BufferAllocator allocator;

  /** Makes the input rows and writes the table the scans read. */
  @Setup(Level.Trial)
  public void setUpTrial() {
    impl = Engine.named(engine);
    batch = impl.batch(0, ROWS);
    scanDir = Workload.tempDir("million-scan-" + engine);
    try (BenchTable writer = impl.create(scanDir, "t")) {
      writer.append(batch);
    }
    scanTable = impl.load(scanDir, "t");
    Workload.check(engine + " rows of the scanned table", ROWS, scanTable.count());
    allocator = new RootAllocator();
  }

  /** Deletes the scanned table. */
  @TearDown(Level.Trial)
  public void tearDownTrial() {
    scanTable.close();
    allocator.close();
    Workload.deleteTree(scanDir);
  }

  /** A fresh table for the write benchmark each iteration. */
  @Setup(Level.Iteration)
  public void setUpIteration() {
    writeDir = Workload.tempDir("million-write-" + engine);
    writeTable = impl.create(writeDir, "t");
    writes = 0;
  }

  /** Checks the written rows, then deletes the table. */
  @TearDown(Level.Iteration)
  public void tearDownIteration() {
    Workload.check(engine + " rows after " + writes + " 1M-row commits", writes * ROWS,
        writeTable.count());
    writeTable.close();
    Workload.deleteTree(writeDir);
  }

  /** Writes and commits 1,000,000 rows; the score is rows/s. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(ROWS)
  public void write() {
    writeTable.append(batch);
    writes++;
  }

  /** Scans all 1,000,000 rows to Arrow; the score is rows/s. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(ROWS)
  public long scanToArrow() {
    long n = scanTable.readArrow(allocator);
    Workload.check(engine + " Arrow rows scanned", ROWS, n);
    return n;
  }

  /** Reads the 1% of rows with user_id below 10,000, as records; the score is ms per scan. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public long selectiveScan() {
    long n = scanTable.readUserIdBelow(SELECTIVE_BOUND);
    Workload.check(engine + " rows with user_id < " + SELECTIVE_BOUND, SELECTIVE_BOUND, n);
    return n;
  }
}

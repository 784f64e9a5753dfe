package io.datashard.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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

/**
 * Workload 2: append {@code rows} records as one commit (write the Parquet file and commit it)
 * to a table on local disk. Sampled, so the median and p95 come out. The rows are made once per
 * trial in each engine's input form; each iteration appends to a fresh table, and at its end the
 * table's row count must equal appends times rows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx4g"})
public class AppendBenchmark {
  @Param({"datashard", "iceberg"})
  public String engine;

  @Param({"100", "10000"})
  public int rows;

  private Engine impl;
  private Object batch;
  private Path dir;
  private BenchTable table;
  private long appends;

  /** Picks the engine and makes the batch. */
  @Setup(Level.Trial)
  public void setUpTrial() {
    impl = Engine.named(engine);
    batch = impl.batch(0, rows);
  }

  /** A fresh, empty table per iteration. */
  @Setup(Level.Iteration)
  public void setUpIteration() {
    dir = Workload.tempDir("append-" + engine);
    table = impl.create(dir, "t");
    appends = 0;
  }

  /** Checks the row count, then deletes the table. */
  @TearDown(Level.Iteration)
  public void checkAndClean() {
    Workload.check(engine + " rows after " + appends + " appends", appends * rows, table.count());
    table.close();
    Workload.deleteTree(dir);
  }

  /** One append commit. */
  @Benchmark
  public void append() {
    table.append(batch);
    appends++;
  }
}

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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Workload 3: read 50,000 records (5 commits of 10,000, so 5 data files) of the current snapshot,
 * into in-memory records and as Arrow batches. Every read's row count is checked.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx4g"})
public class ReadBenchmark {
  static final int COMMITS = 5;
  static final int ROWS_PER_COMMIT = 10_000;
  static final long ROWS = (long) COMMITS * ROWS_PER_COMMIT;

  /** datashard reads with the default reader choice (auto); -native/-java force one. */
  @Param({"datashard", "datashard-native", "datashard-java", "iceberg"})
  public String engine;

  private Path dir;
  private BenchTable table;
  private BufferAllocator allocator;

  /** Writes the table once per trial. */
  @Setup(Level.Trial)
  public void setUp() {
    Engine impl = Engine.named(engine);
    dir = Workload.tempDir("read-" + engine);
    try (BenchTable writer = impl.create(dir, "t")) {
      for (int c = 0; c < COMMITS; c++) {
        writer.append(impl.batch((long) c * ROWS_PER_COMMIT, ROWS_PER_COMMIT));
      }
    }
    table = impl.load(dir, "t");
    Workload.check(engine + " rows written", ROWS, table.count());
    allocator = new RootAllocator();
  }

  /** Deletes the table. */
  @TearDown(Level.Trial)
  public void tearDown() {
    table.close();
    allocator.close();
    Workload.deleteTree(dir);
  }

  /** All rows into a list of records (DataShard: maps; Iceberg: IcebergGenerics records). */
  @Benchmark
  public long toRecords() {
    long n = table.readRecords();
    Workload.check(engine + " records read", ROWS, n);
    return n;
  }

  /** All rows as Arrow batches (DataShard: toArrow; Iceberg: its vectorized Arrow reader). */
  @Benchmark
  public long toArrow() {
    long n = table.readArrow(allocator);
    Workload.check(engine + " Arrow rows read", ROWS, n);
    return n;
  }
}

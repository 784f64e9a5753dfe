package io.datashard.bench;

import java.nio.file.Files;
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
 * Workload 1: create an empty table (a new name each time) in a warehouse folder on local disk.
 * Each iteration gets a fresh folder; at its end every created table is checked to exist.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx4g"})
public class CreateTableBenchmark {
  @Param({"datashard", "iceberg"})
  public String engine;

  private Engine impl;
  private Path dir;
  private int created;

  /** Picks the engine. */
  @Setup(Level.Trial)
  public void setUpTrial() {
    impl = Engine.named(engine);
  }

  /** A fresh warehouse folder per iteration. */
  @Setup(Level.Iteration)
  public void setUpIteration() {
    dir = Workload.tempDir("create-" + engine);
    created = 0;
  }

  /** Checks that every table created in this iteration has its first metadata file. */
  @TearDown(Level.Iteration)
  public void checkAndClean() {
    for (int i = 0; i < created; i++) {
      Path v1 = dir.resolve("t" + i).resolve("metadata").resolve("v1.metadata.json");
      if (!Files.isRegularFile(v1)) {
        throw new IllegalStateException("wrong result: table t" + i + " has no " + v1);
      }
    }
    Workload.deleteTree(dir);
  }

  /** Creates one table. */
  @Benchmark
  public void createTable() {
    try (BenchTable t = impl.create(dir, "t" + created++)) {
      // created; the handle is closed at once
    }
  }
}

package io.datashard.bench;

import io.datashard.DataShardConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A table library under test: DataShard, or Apache Iceberg-Java with HadoopTables. Both create
 * the same schema ({@link Workload#SCHEMA_DESCRIPTION}) in a folder of the local disk.
 */
public interface Engine {
  /** The engine's name as used in the JMH {@code engine} parameter. */
  String name();

  /** Creates the table {@code name} under {@code dir}; returns a handle on it. */
  BenchTable create(Path dir, String name);

  /** A new, independent handle on a table this engine created under {@code dir}. */
  BenchTable load(Path dir, String name);

  /**
   * Rows {@code first .. first+count-1} of {@link Workload} in the engine's own input form
   * (maps for DataShard, Iceberg generic records for Iceberg), made before timing starts.
   */
  Object batch(long first, int count);

  /** Whether this exception is the engine's "gave up: too many concurrent commits". */
  boolean isCommitConflict(RuntimeException e);

  /**
   * This engine configured to keep every snapshot in its metadata, for workloads that check
   * every commit id exactly once (DataShard keeps the newest 100 by default); other engines keep
   * all snapshots anyway.
   */
  default Engine keepingAllSnapshots() {
    return this;
  }

  /** True if every commit's snapshot stays in the metadata (so each commit id can be checked). */
  default boolean keepsAllSnapshots() {
    return true;
  }

  /**
   * The engine for a JMH parameter value: {@code datashard}, {@code iceberg}, or {@code
   * datashard-nolock} (DataShard with its in-JVM commit lock off, so threads race at the commit
   * point the way separate processes do), {@code datashard-native} / {@code datashard-java}
   * (DataShard with its Parquet reader forced: {@code read.native=true} / {@code false}; plain
   * {@code datashard} uses the default, {@code auto}), {@code datashard-1thread} (each data
   * file decoded on one thread: {@code read.column-threads=1}).
   */
  static Engine named(String name) {
    switch (name) {
      case "datashard":
        return new DataShardEngine(name, Map.of());
      case "datashard-nolock":
        return new DataShardEngine(name, Map.of(DataShardEngine.JVM_COMMIT_LOCK, "false"));
      case "datashard-native":
        return new DataShardEngine(name, Map.of("read.native", "true"));
      case "datashard-java":
        return new DataShardEngine(name, Map.of("read.native", "false"));
      case "datashard-1thread":
        return new DataShardEngine(name, Map.of(DataShardConfig.READ_COLUMN_THREADS, "1"));
      case "iceberg":
        return new IcebergEngine();
      default:
        throw new IllegalArgumentException("unknown engine '" + name + "' (datashard, datashard-nolock, datashard-native, datashard-java, datashard-1thread, iceberg)");
    }
  }

  /** The attempt number in a manifest list location, see {@link BenchTable#commitAttempts()}. */
  static int attemptOf(String manifestListLocation) {
    Matcher m = Pattern.compile("snap-(-?\\d+)-(\\d+)-[^/]*\\.avro$").matcher(manifestListLocation);
    if (!m.find()) {
      throw new IllegalStateException("unexpected manifest list name: " + manifestListLocation);
    }
    return Integer.parseInt(m.group(2));
  }
}

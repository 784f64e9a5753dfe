package io.datashard.bench;

import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;

/**
 * One handle on one table of one engine, with exactly the operations the benchmarks time. Every
 * read returns the number of rows it produced, so the caller can check it.
 */
public interface BenchTable extends AutoCloseable {
  /** Appends a batch made by {@link Engine#batch(long, int)} of the same engine, as one commit. */
  void append(Object batch);

  /**
   * Appends like {@link #append(Object)} and returns what the engine tells about the commit it
   * made: DataShard its commit id and attempt number; Iceberg neither ({@link
   * Committed#UNKNOWN}), since its append does not return the snapshot it committed.
   */
  Committed appendTracked(Object batch);

  /** The {@code user_id} of every row of the current snapshot (refreshes first). */
  long[] readUserIds();

  /**
   * The commit id of every snapshot, oldest first (refreshes first); empty for an engine that
   * has no commit ids (Iceberg).
   */
  Optional<List<String>> commitIds();

  /** Reads every row into an in-memory list of records; returns the list's size. */
  long readRecords();

  /** Reads every row as Arrow record batches; returns the number of rows. */
  long readArrow(BufferAllocator allocator);

  /** Reads, as records, the rows with {@code user_id < bound}; returns how many there were. */
  long readUserIdBelow(long bound);

  /** The row count of the current snapshot, from metadata (refreshes the handle first). */
  long count();

  /** Plans the current snapshot's scan; returns the number of data files (refreshes first). */
  int planFiles();

  /**
   * The attempt number of every snapshot of the table, oldest first, read from the manifest list
   * names ({@code snap-<id>-<attempt>-<uuid>.avro}, a naming both engines use): attempt 1 means
   * the commit won at once, attempt k means k-1 retries.
   */
  List<Integer> commitAttempts();

  /** Releases what the handle holds (DataShard: its warehouse). */
  @Override
  void close();
}

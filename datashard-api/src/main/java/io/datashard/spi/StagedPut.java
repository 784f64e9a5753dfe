package io.datashard.spi;

/**
 * A {@link StorageBackend#putIfAbsent} split in two: {@link StorageBackend#stagePutIfAbsent} does
 * the part of the write that can happen early (the local backend writes and fsyncs a temporary
 * file), and {@link #commit()} is the commit point, with exactly the semantics of {@code
 * putIfAbsent}. Nothing is visible at the key before {@code commit()} creates it. The caller calls
 * exactly one of {@link #commit()} or {@link #abort()}.
 */
public interface StagedPut {
  /**
   * Creates the object if none exists at the key (atomic, durable, linearizable).
   *
   * @return true if this call created the object; false if an object already existed
   * @throws io.datashard.exceptions.StorageException if the write failed or its outcome is unknown
   */
  boolean commit();

  /** Drops what was staged; the key is left as it is. Never throws. */
  void abort();
}

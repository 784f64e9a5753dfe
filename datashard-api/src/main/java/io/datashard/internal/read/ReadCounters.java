package io.datashard.internal.read;

import java.util.concurrent.atomic.AtomicLong;

/** What one scan did, counted as it happens (thread-safe: parallel file readers share it). */
public final class ReadCounters {
  public final AtomicLong filesConsidered = new AtomicLong();
  public final AtomicLong filesSkipped = new AtomicLong();
  public final AtomicLong filesRead = new AtomicLong();
  public final AtomicLong rowGroupsConsidered = new AtomicLong();
  public final AtomicLong rowGroupsSkipped = new AtomicLong();
  public final AtomicLong rowGroupsRead = new AtomicLong();
  public final AtomicLong bytesRead = new AtomicLong();
  public final AtomicLong rowsDecoded = new AtomicLong();
  public final AtomicLong rowsReturned = new AtomicLong();
  /** Data files read by the native (arrow-dataset) reader; the rest of filesRead used Java. */
  public final AtomicLong filesReadNative = new AtomicLong();
  /** Data files read by the vectorized Java reader straight into Arrow ({@code VectorFileReader}). */
  public final AtomicLong filesReadVectorized = new AtomicLong();
  /** Why files were read by the Java reader: reason -> files. */
  public final java.util.concurrent.ConcurrentMap<String, AtomicLong> javaReasons =
      new java.util.concurrent.ConcurrentSkipListMap<>();

  /** Counts one file read by the Java reader for this reason. */
  public void readWithJava(String reason) {
    javaReasons.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
  }
}

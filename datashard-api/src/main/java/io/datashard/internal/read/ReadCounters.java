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
}

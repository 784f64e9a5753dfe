package io.datashard.bench;

/**
 * What an engine reports about one commit it made: the commit id (DataShard's {@code
 * datashard.commit-id}, null when the engine reports none) and the attempt that won (1 = no
 * retry; -1 when the engine does not say).
 */
public record Committed(String commitId, int attempt) {
  /** For an engine that reports nothing about the commit it made (Iceberg's append). */
  public static final Committed UNKNOWN = new Committed(null, -1);
}

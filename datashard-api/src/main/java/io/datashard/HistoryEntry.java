package io.datashard;

/**
 * One entry of a table's history: the snapshot that became current at a time. Immutable.
 *
 * @param timestampMillis when the snapshot became current, epoch milliseconds
 * @param snapshotId the snapshot that became current
 */
public record HistoryEntry(long timestampMillis, long snapshotId) {}

package io.datashard.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datashard.Snapshot;
import io.datashard.Table;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Assertions on whole tables shared by the multi-writer tests of every backend. */
public final class TableAssertions {
  private TableAssertions() {}

  /**
   * Exactly the acknowledged commits are in the table, each commit id once, in a linear history
   * with strictly increasing sequence numbers, and every commit's rows are there exactly once.
   *
   * @param acknowledged one {@code "<commitId> <tag>"} per acknowledged commit; each commit wrote
   *     {@code rowsPerCommit} rows whose {@code event} column holds its tag
   */
  public static void assertHoldsExactly(Table table, List<String> acknowledged, int expected,
      int rowsPerCommit) {
    assertEquals(expected, acknowledged.size());
    List<Snapshot> snapshots = table.snapshots();
    assertEquals(expected, snapshots.size());
    Set<String> tableIds = snapshots.stream().map(Snapshot::commitId).collect(Collectors.toSet());
    assertEquals(expected, tableIds.size(), "every commit id exactly once");
    Set<String> ackIds = acknowledged.stream().map(a -> a.split(" ")[0])
        .collect(Collectors.toSet());
    assertEquals(ackIds, tableIds);
    for (int i = 1; i < snapshots.size(); i++) {
      assertTrue(snapshots.get(i).sequenceNumber() > snapshots.get(i - 1).sequenceNumber());
      assertEquals(snapshots.get(i - 1).snapshotId(), snapshots.get(i).parentId());
    }
    assertEquals(Long.toString((long) expected * rowsPerCommit),
        table.currentSnapshot().summary().get("total-records"));
    List<Map<String, Object>> rows = table.scan().toRecords();
    assertEquals(expected * rowsPerCommit, rows.size());
    Map<Object, Long> perTag = rows.stream()
        .collect(Collectors.groupingBy(r -> r.get("event"), Collectors.counting()));
    Set<String> ackTags = acknowledged.stream().map(a -> a.split(" ")[1])
        .collect(Collectors.toSet());
    assertEquals(ackTags, perTag.keySet());
    perTag.values().forEach(n -> assertEquals((long) rowsPerCommit, n));
  }
}

package io.datashard.bench;

import io.datashard.bench.WriterLoop.Kind;
import io.datashard.bench.WriterLoop.Outcome;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks the table a run of {@link WriterLoop}s left against what the writers reported, and
 * formats one Markdown row of workload 4. Checked for every engine (a failure throws): every
 * commit present in the table has exactly its 100 rows, no row twice, the metadata row count
 * equals the rows read, one snapshot per commit present (at most one when the engine trims its
 * history), no commit present that a writer saw give up. For DataShard also: no acknowledged
 * commit is missing, the retained commit ids are distinct and were acknowledged, and, when no
 * commit ended in an unknown outcome, the table holds exactly 100 × acknowledged commits rows;
 * with every snapshot kept, every acknowledged id is in the table exactly once. For Iceberg a
 * commit that was acknowledged but is absent is counted and reported as <em>lost</em> (DESIGN
 * §9.3: its HadoopTables can lose commits across processes), not thrown.
 */
final class WriterReport {
  private WriterReport() {}

  /** The header of the rows {@link #check} returns. */
  static String header() {
    return "| engine | writers | commits | commits/s | latency p50, ms | latency p99, ms "
        + "| retries per commit | max attempts | gave up | other errors | lost (acknowledged, "
        + "absent) | rows checked |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
  }

  /**
   * Checks {@code table} (a fresh handle) against {@code outcomes}, which the writers reported
   * over {@code seconds} of writing; returns the row. Latency is of the acknowledged commits.
   */
  static String check(Engine engine, BenchTable table, String writers, List<Outcome> outcomes,
      double seconds) {
    String name = engine.name();
    Set<Long> acked = keys(outcomes, Kind.COMMITTED);
    Set<Long> gaveUp = keys(outcomes, Kind.GAVE_UP);
    Set<Long> failed = keys(outcomes, Kind.FAILED);
    Workload.check(name + " distinct commit keys", outcomes.size(),
        acked.size() + gaveUp.size() + failed.size());

    long[] ids = table.readUserIds();
    Set<Long> distinct = new HashSet<>(ids.length * 2);
    Map<Long, Integer> rowsPerKey = new HashMap<>();
    for (long id : ids) {
      if (!distinct.add(id)) {
        throw new IllegalStateException("wrong result: " + name + " holds row " + id + " twice");
      }
      rowsPerKey.merge(id / WriterLoop.ROWS, 1, Integer::sum);
    }
    rowsPerKey.forEach((key, rows) -> Workload.check(
        name + " rows of commit " + key, WriterLoop.ROWS, rows));
    Workload.check(name + " rows by metadata vs rows read", ids.length, table.count());
    Set<Long> present = rowsPerKey.keySet();
    List<Integer> attempts = table.commitAttempts();
    boolean allSnapshots = engine.keepsAllSnapshots();
    if (allSnapshots) {
      Workload.check(name + " snapshots vs commits present", present.size(), attempts.size());
    } else if (attempts.size() > present.size()) {
      throw new IllegalStateException("wrong result: " + name + " has " + attempts.size()
          + " snapshots for " + present.size() + " commits present");
    }
    Set<Long> gaveUpButPresent = new TreeSet<>(gaveUp);
    gaveUpButPresent.retainAll(present);
    if (!gaveUpButPresent.isEmpty()) {
      throw new IllegalStateException("wrong result: " + name + " holds commits its writers saw"
          + " give up: " + gaveUpButPresent);
    }
    Set<Long> unknownPresent = new HashSet<>(present);
    unknownPresent.removeAll(acked);
    unknownPresent.removeAll(failed);
    if (!unknownPresent.isEmpty()) {
      throw new IllegalStateException("wrong result: " + name + " holds commits no writer made: "
          + new TreeSet<>(unknownPresent));
    }
    Set<Long> lost = new TreeSet<>(acked);
    lost.removeAll(present);

    double retries;
    long[] commitAttempts = outcomes.stream().filter(o -> o.kind() == Kind.COMMITTED)
        .mapToLong(Outcome::attempt).toArray();
    if (table.commitIds().isPresent()) {
      List<String> tableIds = table.commitIds().get();
      Workload.check(name + " acknowledged commits absent from the table", 0, lost.size());
      Workload.check(name + " distinct commit ids", tableIds.size(),
          new HashSet<>(tableIds).size());
      Set<String> ackIds = outcomes.stream().filter(o -> o.kind() == Kind.COMMITTED)
          .map(Outcome::commitId).collect(Collectors.toSet());
      Workload.check(name + " distinct acknowledged commit ids", acked.size(), ackIds.size());
      if (allSnapshots && !new HashSet<>(tableIds).containsAll(ackIds)) {
        throw new IllegalStateException("wrong result: " + name + " lacks acknowledged ids");
      }
      if (!allSnapshots && !ackIds.containsAll(tableIds) && failed.isEmpty()) {
        throw new IllegalStateException("wrong result: " + name + " retains commit ids no writer"
            + " was acknowledged for");
      }
      if (failed.isEmpty()) {
        Workload.check(name + " rows = 100 x acknowledged commits",
            (long) WriterLoop.ROWS * acked.size(), ids.length);
        if (allSnapshots) {
          Workload.check(name + " commit ids = acknowledged ids", ackIds.size(), tableIds.size());
        }
      }
      // Exact per commit: the attempt number of the snapshot each writer got back.
      retries = commitAttempts.length == 0 ? 0
          : (double) (sum(commitAttempts) - commitAttempts.length) / commitAttempts.length;
    } else {
      // Iceberg does not say which snapshot an append made: the attempts of the snapshots in
      // the table (lost commits' retries are not seen).
      retries = attempts.isEmpty() ? 0
          : attempts.stream().mapToLong(a -> a - 1).sum() / (double) attempts.size();
    }
    // DataShard reports each acknowledged commit's attempt; Iceberg only the table's snapshots'.
    int maxAttempts = table.commitIds().isPresent()
        ? (int) java.util.Arrays.stream(commitAttempts).max().orElse(0)
        : attempts.stream().mapToInt(Integer::intValue).max().orElse(0);
    long[] latencies = outcomes.stream().filter(o -> o.kind() == Kind.COMMITTED)
        .mapToLong(Outcome::nanos).toArray();
    outcomes.stream().filter(o -> o.kind() == Kind.FAILED).findFirst().ifPresent(o ->
        System.err.println("[" + name + "] " + failed.size() + " commits failed; first: "
            + o.error()));
    if (!lost.isEmpty()) {
      System.err.println("[" + name + "] " + lost.size() + " acknowledged commits are not in the"
          + " table, e.g. keys " + lost.stream().limit(5).collect(Collectors.toList()));
    }
    return String.format("| %s | %s | %d | %.1f | %.1f | %.1f | %.2f | %d | %d | %d | %d | %,d |",
        name, writers, acked.size(), acked.size() / seconds, Workload.quantileMs(latencies, 0.5),
        Workload.quantileMs(latencies, 0.99), retries, maxAttempts, gaveUp.size(), failed.size(),
        lost.size(), ids.length);
  }

  private static Set<Long> keys(List<Outcome> outcomes, Kind kind) {
    return outcomes.stream().filter(o -> o.kind() == kind).map(Outcome::key)
        .collect(Collectors.toSet());
  }

  private static long sum(long[] values) {
    long s = 0;
    for (long v : values) {
      s += v;
    }
    return s;
  }
}

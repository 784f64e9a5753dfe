package io.datashard.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Workload 6, a plain program rather than a JMH benchmark: {@code commits} single-row append
 * commits (default 1,000) with default settings, for each engine on its own table, then prints a
 * Markdown table of the bytes and files under {@code metadata/}, the time the commits took, and
 * the scan-planning time at that point (median of {@code PLANS} plans, each on a freshly loaded
 * handle so it includes finding the current version; the first, cold plan is reported apart).
 * Row counts and planned file counts are checked.
 *
 * <pre>{@code java -cp datashard-bench.jar io.datashard.bench.MetadataGrowth [commits]}</pre>
 */
public final class MetadataGrowth {
  static final int PLANS = 9;

  private MetadataGrowth() {}

  /** Runs the workload for both engines and prints the table. */
  public static void main(String[] args) {
    int commits = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    System.out.println("| engine | commits | metadata bytes | metadata files | of which "
        + "*.metadata.json | snap-*.avro (manifest lists) | other *.avro (manifests) "
        + "| commit time, s | cold load+plan, ms | warm load+plan (median of " + PLANS + "), ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (String name : List.of("datashard", "iceberg")) {
      System.out.println(run(Engine.named(name), commits));
    }
  }

  private static String run(Engine engine, int commits) {
    Path dir = Workload.tempDir("growth-" + engine.name());
    try {
      long start = System.nanoTime();
      try (BenchTable t = engine.create(dir, "t")) {
        for (int i = 0; i < commits; i++) {
          t.append(engine.batch(i, 1));
        }
      }
      double commitSeconds = (System.nanoTime() - start) / 1e9;
      Path metadata = dir.resolve("t").resolve("metadata");
      long bytes = Workload.bytesUnder(metadata);
      long files = Workload.filesUnder(metadata);
      long json = Workload.bytesUnder(metadata, n -> n.endsWith(".metadata.json"));
      long lists = Workload.bytesUnder(metadata, n -> n.startsWith("snap-") && n.endsWith(".avro"));
      long manifests =
          Workload.bytesUnder(metadata, n -> !n.startsWith("snap-") && n.endsWith(".avro"));
      double[] planMs = new double[PLANS + 1];
      for (int p = 0; p <= PLANS; p++) {
        long t0 = System.nanoTime();
        try (BenchTable t = engine.load(dir, "t")) {
          Workload.check(engine.name() + " planned files", commits, t.planFiles());
          planMs[p] = (System.nanoTime() - t0) / 1e6;
          if (p == 0) {
            Workload.check(engine.name() + " rows", commits, t.count());
          }
        }
      }
      double[] warm = Arrays.copyOfRange(planMs, 1, planMs.length);
      Arrays.sort(warm);
      return String.format("| %s | %d | %,d | %d | %,d | %,d | %,d | %.1f | %.1f | %.1f |",
          engine.name(), commits, bytes, files, json, lists, manifests, commitSeconds, planMs[0],
          warm[warm.length / 2]);
    } finally {
      Workload.deleteTree(dir);
    }
  }
}

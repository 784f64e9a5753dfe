package io.datashard.bench;

import io.datashard.Warehouse;
import io.datashard.storage.s3.FaultProxy;
import io.datashard.storage.s3.FaultProxy.Request;
import io.datashard.storage.s3.S3TestServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Workload 7, a plain program: appends of 100 records, one after another by one writer whose view
 * of the table is current, on the loopback S3Proxy 4.1.0 ({@link S3TestServer}) behind the S3
 * module's {@link FaultProxy}, set to add {@code rtt} milliseconds (default 20) to every request.
 * For each engine it prints requests per commit, sequential round trips per commit and commit latency (p50, p95),
 * then the requests of its median commit.
 *
 * <p>A commit's requests are those that start between the start of its append call and the start
 * of the next one; before each commit the proxy must have been idle for {@code 3 × rtt} (at least
 * 20 ms), so requests a commit leaves running in the background after the call returns are
 * counted with it, in a column of their own. Sequential round trips: over the requests that
 * started while the call ran, {@code depth(r) = 1 + max depth of the requests that ended before r
 * started}; the maximum is the number of round trips the caller waited for one after another.
 * Nothing about the engines' request patterns is assumed: whatever they send is counted.
 *
 * <p>DataShard commits on S3 itself (a conditional PUT of the next metadata file); Iceberg-Java
 * cannot commit safely on S3 with HadoopTables and commits through its JdbcCatalog on an in-memory
 * database ({@link IcebergS3}): its commit point is a catalog, not the object store, which the output says.
 *
 * <pre>{@code java -cp datashard-bench.jar io.datashard.bench.S3Commits \
 *     commits=30 warmup=10 rtt=20 engines=datashard,iceberg}</pre>
 */
public final class S3Commits {
  private S3Commits() {}

  /**
   * Runs every engine and prints the tables; exits the JVM at the end, with status 1 after a
   * failure (S3Proxy's server threads would otherwise keep it alive).
   */
  public static void main(String[] args) {
    try {
      measure(args);
    } catch (Throwable t) {
      t.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private static void measure(String[] args) throws Exception {
    Args a = Args.parse(args, Map.of("commits", "30", "warmup", "10", "rtt", "20",
        "engines", "datashard,iceberg"));
    int rtt = a.integer("rtt");
    S3TestServer server = S3TestServer.get();
    List<String> details = new ArrayList<>();
    try (FaultProxy proxy = new FaultProxy(server.endpoint().getPort(), 0)) {
      proxy.latencyMillis(rtt);
      String bucket = server.newBucket();
      System.out.println("Workload 7, append 100 records per commit on S3 (S3Proxy 4.1.0 on "
          + "loopback, +" + rtt + " ms per request; " + a.describe() + ")\n");
      System.out.println("| engine | commit point | commits | requests per commit, median (min"
          + "–max) | of which after the call returned | sequential round trips in the call, "
          + "median (max) | latency p50, ms | latency p95, ms | rows checked |");
      System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
      for (String engine : a.list("engines")) {
        proxy.latencyMillis(rtt);
        Result r = run(engine, proxy, bucket, a.integer("warmup"), a.integer("commits"), rtt);
        System.out.println(r.row);
        details.add(r.median);
      }
      if (!proxy.errors().isEmpty()) {
        throw new IllegalStateException("the delaying proxy failed, the figures are void",
            proxy.errors().get(0));
      }
    }
    System.out.println();
    details.forEach(System.out::println);
  }

  private record Result(String row, String median) {}

  private static Result run(String engine, FaultProxy proxy, String bucket, int warmup,
      int commits, int rtt) throws Exception {
    Engine batches;
    BenchTable table;
    String commitPoint;
    switch (engine) {
      case "datashard":
        batches = Engine.named("datashard");
        Warehouse wh = Warehouse.open(
            S3TestServer.config(proxy.endpoint(), bucket, "datashard").build());
        table = DataShardEngine.handle(wh, wh.createTable("t", DataShardEngine.SCHEMA));
        commitPoint = "S3: conditional PUT (If-None-Match) of the next metadata file";
        break;
      case "iceberg":
        batches = Engine.named("iceberg");
        table = IcebergS3.create(proxy.endpoint(), bucket, "iceberg");
        commitPoint = "**a catalog, not S3**: JdbcCatalog on in-JVM H2 (no round trip"
            + " counted for it); files via S3FileIO";
        break;
      default:
        throw new IllegalArgumentException("unknown engine '" + engine
            + "' for S3 (datashard, iceberg)");
    }
    long quietMillis = Math.max(20, 3L * rtt);
    try (table) {
      for (int i = 0; i < warmup; i++) {
        table.append(batches.batch((long) i * 100, 100));
      }
      long[] starts = new long[commits + 1];
      long[] ends = new long[commits];
      for (int i = 0; i < commits; i++) {
        Object batch = batches.batch((long) (warmup + i) * 100, 100);
        proxy.awaitQuiet(quietMillis);
        starts[i] = System.nanoTime();
        table.append(batch);
        ends[i] = System.nanoTime();
      }
      proxy.awaitQuiet(quietMillis);
      starts[commits] = System.nanoTime();

      int[] requests = new int[commits];
      int[] background = new int[commits];
      int[] depth = new int[commits];
      long[] latency = new long[commits];
      for (int i = 0; i < commits; i++) {
        List<Request> all = proxy.startedBetween(starts[i], starts[i + 1]);
        List<Request> inCall = proxy.startedBetween(starts[i], ends[i]);
        requests[i] = all.size();
        background[i] = all.size() - inCall.size();
        depth[i] = maxDepth(inCall);
        latency[i] = ends[i] - starts[i];
      }

      proxy.latencyMillis(0); // the checks are not measured
      long rows = (long) (warmup + commits) * 100;
      Workload.check(engine + " rows by metadata on S3", rows, table.count());
      Workload.check(engine + " rows read from S3", rows, table.readRecords());

      int median = medianIndex(latency);
      String row = String.format("| %s | %s | %d | %d (%d–%d) | %d | %d (%d) | %.1f | %.1f | %,d |",
          engine, commitPoint, commits, median(requests), min(requests), max(requests),
          median(background), median(depth), max(depth), Workload.quantileMs(latency, 0.5),
          Workload.quantileMs(latency, 0.95), rows);
      return new Result(row, describe(engine, proxy.startedBetween(starts[median],
          starts[median + 1]), starts[median], ends[median], bucket));
    }
  }

  /** The longest chain of requests each of which started after the previous one had ended. */
  static int maxDepth(List<Request> requests) {
    int[] depth = new int[requests.size()];
    int max = 0;
    for (int i = 0; i < requests.size(); i++) {
      int d = 0;
      for (int j = 0; j < requests.size(); j++) {
        if (requests.get(j).endNanos() <= requests.get(i).startNanos()) {
          d = Math.max(d, depth[j]); // j ended before i started, so j started earlier: known
        }
      }
      depth[i] = d + 1;
      max = Math.max(max, depth[i]);
    }
    return max;
  }

  private static String describe(String engine, List<Request> requests, long start, long end,
      String bucket) {
    StringBuilder b = new StringBuilder("Requests of " + engine + "'s median commit ("
        + String.format("%.1f", (end - start) / 1e6) + " ms; times from the call's start; "
        + "depth = position in the chain of sequential round trips):\n\n```\n");
    List<Request> inCall = new ArrayList<>();
    for (Request r : requests) {
      if (r.startNanos() < end) {
        inCall.add(r);
      }
    }
    for (Request r : requests) {
      boolean after = r.startNanos() >= end;
      int d = after ? 0 : maxDepth(inCall.subList(0, inCall.indexOf(r) + 1));
      b.append(String.format("%7.1f–%7.1f ms  %s  %d  %s%n", (r.startNanos() - start) / 1e6,
          (r.endNanos() - start) / 1e6, after ? "after" : "depth " + d, r.status(),
          r.line().replace("/" + bucket + "/", "/…/")));
    }
    return b.append("```\n").toString();
  }

  private static int medianIndex(long[] values) {
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Long.compare(values[x], values[y]));
    return order[(order.length - 1) / 2];
  }

  private static int median(int[] values) {
    int[] s = values.clone();
    Arrays.sort(s);
    return s[(s.length - 1) / 2];
  }

  private static int min(int[] values) {
    return Arrays.stream(values).min().orElse(0);
  }

  private static int max(int[] values) {
    return Arrays.stream(values).max().orElse(0);
  }
}

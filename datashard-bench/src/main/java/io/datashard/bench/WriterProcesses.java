package io.datashard.bench;

import io.datashard.bench.WriterLoop.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Workload 4 with separate JVM processes, a plain program: for each engine, {@code processes}
 * (default 4) writer JVMs ({@link WriterProcess}, started from this jar with the same {@code
 * java} binary) each warm up on a table of their own, then, after a common start signal, append
 * 100-record commits to one shared table on the local disk for {@code seconds}. The parent then
 * checks the table against every commit the workers reported ({@link WriterReport}: throws on a
 * wrong DataShard table; reports Iceberg's lost commits) and prints one Markdown row per engine.
 * Every wait is bounded, and the workers are killed when anything fails.
 *
 * <pre>{@code java -cp datashard-bench.jar io.datashard.bench.WriterProcesses \
 *     processes=4 seconds=10 warmup=20 engines=datashard,iceberg}</pre>
 */
public final class WriterProcesses {
  /** Longest wait for a worker to warm up and open its handle. */
  private static final long READY_TIMEOUT_SECONDS = 300;

  private WriterProcesses() {}

  /** Runs every engine and prints the table. */
  public static void main(String[] args) throws Exception {
    Args a = Args.parse(args, Map.of("processes", "4", "seconds", "10", "warmup", "20",
        "engines", "datashard,iceberg", "heap", "1g", "history", "all"));
    boolean keepAll = WriterScaling.historyAll(a.string("history"));
    System.out.println("Workload 4, writer processes on one table (" + a.describe() + ")\n");
    System.out.println(WriterReport.header());
    for (String engine : a.list("engines")) {
      Engine e = keepAll ? Engine.named(engine).keepingAllSnapshots() : Engine.named(engine);
      System.out.println(run(e, keepAll, a.integer("processes"), a.integer("warmup"),
          a.integer("seconds"), a.string("heap")));
    }
  }

  private static String run(Engine engine, boolean keepAll, int processes, int warmup,
      int seconds, String heap) throws Exception {
    Path dir = Workload.tempDir("processes-" + engine.name());
    List<Worker> workers = new ArrayList<>();
    try {
      engine.create(dir, "t").close();
      for (int w = 0; w < processes; w++) {
        workers.add(Worker.start(engine, keepAll, dir, w, warmup, seconds, heap));
      }
      for (Worker w : workers) {
        w.awaitReady(READY_TIMEOUT_SECONDS);
      }
      for (Worker w : workers) {
        w.go();
      }
      List<Outcome> outcomes = new ArrayList<>();
      long elapsed = 0;
      for (Worker w : workers) {
        w.awaitExit(seconds + 120);
        outcomes.addAll(w.outcomes);
        elapsed = Math.max(elapsed, w.elapsedNanos);
      }
      try (BenchTable t = engine.load(dir, "t")) {
        return WriterReport.check(engine, t, processes + " processes", outcomes, elapsed / 1e9);
      }
    } finally {
      workers.forEach(w -> w.process.destroyForcibly());
      Workload.deleteTree(dir);
    }
  }

  /** One worker JVM and what it printed. */
  private static final class Worker {
    final int writer;
    final Process process;
    final CountDownLatch ready = new CountDownLatch(1);
    final List<Outcome> outcomes = new ArrayList<>();
    final StringBuilder other = new StringBuilder();
    final Thread pump;
    volatile long elapsedNanos = -1;

    private Worker(int writer, Process process) {
      this.writer = writer;
      this.process = process;
      this.pump = new Thread(this::pump, "writer-process-" + writer);
      pump.setDaemon(true);
      pump.start();
    }

    static Worker start(Engine engine, boolean keepAll, Path dir, int writer, int warmup,
        int seconds, String heap) throws IOException {
      List<String> cmd = List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx" + heap,
          "-cp", System.getProperty("java.class.path"),
          WriterProcess.class.getName(), engine.name(), dir.toString(),
          Integer.toString(writer), Integer.toString(warmup), Integer.toString(seconds),
          keepAll ? "all" : "default");
      return new Worker(writer, new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    private void pump() {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.equals(WriterProcess.READY)) {
            ready.countDown();
          } else if (line.startsWith(WriterProcess.DONE)) {
            elapsedNanos = Long.parseLong(line.substring(WriterProcess.DONE.length()));
          } else if (line.startsWith("COMMITTED ") || line.startsWith("GAVE_UP ")
              || line.startsWith("FAILED ")) {
            synchronized (outcomes) {
              outcomes.add(Outcome.parse(line));
            }
          } else {
            synchronized (other) {
              other.append(line).append('\n');
            }
          }
        }
      } catch (IOException e) {
        synchronized (other) {
          other.append("(output closed: ").append(e).append(")\n");
        }
      }
    }

    void awaitReady(long timeoutSeconds) throws InterruptedException {
      if (!ready.await(timeoutSeconds, TimeUnit.SECONDS)) {
        throw failure("did not get ready within " + timeoutSeconds + " s");
      }
    }

    void go() throws IOException {
      OutputStream in = process.getOutputStream();
      in.write((WriterProcess.GO + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    }

    void awaitExit(long timeoutSeconds) throws InterruptedException {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        throw failure("did not finish within " + timeoutSeconds + " s");
      }
      pump.join(10_000);
      if (process.exitValue() != 0 || elapsedNanos < 0) {
        throw failure("exited with " + process.exitValue());
      }
    }

    private IllegalStateException failure(String what) {
      process.destroyForcibly();
      synchronized (other) {
        return new IllegalStateException("writer process " + writer + " " + what
            + "; its output:\n" + other);
      }
    }
  }
}

package io.datashard.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A separate JVM running a worker main class with the test's own class path, for multi-process
 * and crash tests. Lines the worker prints as {@code COMMITTED <details>} are collected in {@link
 * #committed()} as they arrive; everything else is kept for failure messages. The caller bounds
 * every wait and kills the process when done ({@code process().destroyForcibly()}).
 */
public final class WorkerJvm {
  private static final String COMMITTED = "COMMITTED ";

  private final Process process;
  private final List<String> committed = new CopyOnWriteArrayList<>();
  private final StringBuilder other = new StringBuilder();
  private final Thread pump;

  private WorkerJvm(Process process) {
    this.process = process;
    this.pump = new Thread(this::pump, "worker-output");
    pump.setDaemon(true);
    pump.start();
  }

  /** Starts {@code main} with these arguments in a small JVM (256 MiB heap, serial GC). */
  public static WorkerJvm start(Class<?> main, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(Arrays.asList(args));
    return new WorkerJvm(new ProcessBuilder(cmd).redirectErrorStream(true).start());
  }

  /**
   * Runs one worker JVM of {@code main} per argument list, all at once; waits up to 4 minutes for
   * each, asserts each exited 0 (the failure shows its output), kills any still running, and
   * returns the {@code COMMITTED} details of all of them.
   */
  public static List<String> runAll(Class<?> main, List<List<String>> argsPerWorker)
      throws IOException, InterruptedException {
    List<WorkerJvm> workers = new ArrayList<>();
    try {
      for (List<String> args : argsPerWorker) {
        workers.add(start(main, args.toArray(new String[0])));
      }
      for (WorkerJvm w : workers) {
        org.junit.jupiter.api.Assertions.assertTrue(
            w.process().waitFor(4, java.util.concurrent.TimeUnit.MINUTES),
            "worker finished in time");
        w.awaitOutput();
        org.junit.jupiter.api.Assertions.assertEquals(0, w.process().exitValue(),
            "worker failed:\n" + w.output());
      }
    } finally {
      workers.forEach(w -> w.process().destroyForcibly());
    }
    List<String> committed = new ArrayList<>();
    workers.forEach(w -> committed.addAll(w.committed()));
    return committed;
  }

  public Process process() {
    return process;
  }

  /** The details of every {@code COMMITTED} line printed so far. */
  public List<String> committed() {
    return committed;
  }

  /** Everything else the worker printed so far. */
  public String output() {
    synchronized (other) {
      return other.toString();
    }
  }

  /** Waits (at most 10 s) until the worker's output has been read to its end. */
  public void awaitOutput() throws InterruptedException {
    pump.join(10_000);
  }

  private void pump() {
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith(COMMITTED)) {
          committed.add(line.substring(COMMITTED.length()));
        } else {
          synchronized (other) {
            other.append(line).append('\n');
          }
        }
      }
    } catch (IOException e) {
      synchronized (other) {
        other.append("(output closed: ").append(e.getMessage()).append(")\n");
      }
    }
  }
}

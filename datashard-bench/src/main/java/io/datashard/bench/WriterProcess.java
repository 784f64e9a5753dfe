package io.datashard.bench;

import io.datashard.bench.WriterLoop.Outcome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * One writer process of {@link WriterProcesses} (started by it from the bench jar; not meant to
 * be run by hand). Arguments: {@code engine dir writer warmupSeconds seconds history} (history:
 * {@code all} or {@code default}). It warms up on a table of its own ({@code warm-<writer>} under
 * {@code dir}), opens its handle on table {@code t}, prints {@code READY}, waits for the line
 * {@code GO} on standard input (the common start signal), runs {@link WriterLoop} on {@code t}
 * for {@code seconds}, then prints one {@link Outcome#toLine()} per commit and {@code DONE
 * <elapsed nanos>}. Outcomes are printed only at the end so that no console output runs during
 * the timed window.
 */
public final class WriterProcess {
  static final String READY = "READY";
  static final String GO = "GO";
  static final String DONE = "DONE ";

  private WriterProcess() {}

  /** Runs one writer; exits 0 after {@code DONE}, or 1 with the exception on standard error. */
  public static void main(String[] args) {
    try {
      write(args);
    } catch (Throwable t) {
      t.printStackTrace(); // the parent shows the worker's output when it fails
      System.exit(1);
    }
    System.exit(0); // library threads must not keep the worker alive
  }

  private static void write(String[] args) throws Exception {
    if (args.length != 6) {
      throw new IllegalArgumentException("usage: WriterProcess <engine> <dir> <writer>"
          + " <warmup-seconds> <seconds> <history: all|default>");
    }
    Engine engine = WriterScaling.historyAll(args[5]) ? Engine.named(args[0]).keepingAllSnapshots()
        : Engine.named(args[0]);
    Path dir = Path.of(args[1]);
    int writer = Integer.parseInt(args[2]);
    long warmupNanos = Long.parseLong(args[3]) * 1_000_000_000L;
    long nanos = Long.parseLong(args[4]) * 1_000_000_000L;
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    try (BenchTable warm = engine.create(dir, "warm-" + writer)) {
      WriterLoop.run(engine, warm, writer, System.nanoTime() + warmupNanos);
    }
    try (BenchTable table = engine.load(dir, "t")) {
      out.println(READY);
      out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line = in.readLine();
      if (!GO.equals(line)) {
        throw new IllegalStateException("expected '" + GO + "' on standard input, got '" + line
            + "'");
      }
      long start = System.nanoTime();
      List<Outcome> outcomes = WriterLoop.run(engine, table, writer, start + nanos);
      long elapsed = System.nanoTime() - start;
      for (Outcome o : outcomes) {
        out.println(o.toLine());
      }
      out.println(DONE + elapsed);
      out.flush();
    }
  }
}

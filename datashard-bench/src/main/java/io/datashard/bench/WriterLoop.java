package io.datashard.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Workload 4's writer, shared by writer threads ({@link WriterScaling}) and writer processes
 * ({@link WriterProcesses}): appends 100-record commits through its own handle until a deadline
 * and records every commit's outcome and latency. Writer {@code w}'s {@code k}-th commit has the
 * key {@link #key(int, long)} and writes the rows {@code key * 100 .. key * 100 + 99} of {@link
 * Workload}, so the final table tells which commits it holds ({@link WriterReport}).
 */
final class WriterLoop {
  /** Records per commit. */
  static final int ROWS = 100;

  /** Keys of different writers never meet: a writer would need ten million commits. */
  private static final long KEYS_PER_WRITER = 10_000_000L;

  private WriterLoop() {}

  /** How a commit ended, as its writer saw it. */
  enum Kind {
    /** The append returned: the engine says the commit is in the table. */
    COMMITTED,
    /** The engine gave up on conflicts (its commit-conflict exception): not in the table. */
    GAVE_UP,
    /** Any other exception: the outcome is unknown to the writer. */
    FAILED
  }

  /**
   * One commit's outcome: its key, the time the append call took, and what the engine reported
   * about it ({@link Committed}), or the exception.
   */
  record Outcome(Kind kind, long key, long nanos, String commitId, int attempt, String error) {
    /** One line of the worker protocol: {@code KIND key nanos commitId attempt [error]}. */
    String toLine() {
      return kind + " " + key + " " + nanos + " " + (commitId == null ? "-" : commitId) + " "
          + attempt + (error == null ? "" : " " + error.replace('\n', ' ').replace('\r', ' '));
    }

    /** Parses {@link #toLine()}. */
    static Outcome parse(String line) {
      String[] f = line.split(" ", 6);
      if (f.length < 5) {
        throw new IllegalArgumentException("not an outcome line: '" + line + "'");
      }
      return new Outcome(Kind.valueOf(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
          "-".equals(f[3]) ? null : f[3], Integer.parseInt(f[4]), f.length > 5 ? f[5] : null);
    }
  }

  /** The key of writer {@code writer}'s commit number {@code seq}. */
  static long key(int writer, long seq) {
    return writer * KEYS_PER_WRITER + seq;
  }

  /**
   * Appends one commit after another through {@code handle} until {@code deadlineNanos} ({@link
   * System#nanoTime()}); a commit started before the deadline runs to its end. The batch is made
   * before its commit's clock starts.
   */
  static List<Outcome> run(Engine engine, BenchTable handle, int writer, long deadlineNanos) {
    List<Outcome> out = new ArrayList<>();
    for (long seq = 0; System.nanoTime() < deadlineNanos; seq++) {
      long key = key(writer, seq);
      Object batch = engine.batch(key * ROWS, ROWS);
      long t0 = System.nanoTime();
      try {
        Committed c = handle.appendTracked(batch);
        out.add(new Outcome(Kind.COMMITTED, key, System.nanoTime() - t0, c.commitId(),
            c.attempt(), null));
      } catch (RuntimeException e) {
        long nanos = System.nanoTime() - t0;
        Kind kind = engine.isCommitConflict(e) ? Kind.GAVE_UP : Kind.FAILED;
        out.add(new Outcome(kind, key, nanos, null, -1, e.toString()));
      }
    }
    return out;
  }
}

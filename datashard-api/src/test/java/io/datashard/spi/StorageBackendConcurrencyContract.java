package io.datashard.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.datashard.exceptions.ObjectNotFoundException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The concurrency half of the backend contract: put-if-absent is linearizable and no reader ever
 * sees partial content. Run through {@link StorageBackendContractTest}, never on its own.
 */
public abstract class StorageBackendConcurrencyContract {
  /** The backend under test (fresh per test). */
  protected abstract StorageBackend backend();

  /** Rounds of the put-if-absent race; each round is one key raced by {@link #racers()} threads. */
  protected int raceRounds() {
    return 100;
  }

  /** Threads racing for one key per round. */
  protected int racers() {
    return 8;
  }

  /** Objects written while readers race them in the torn-read test. */
  protected int tornReadWrites() {
    return 24;
  }

  @Test
  void concurrentPutIfAbsentHasExactlyOneWinnerPerRoundAndStoresItsContent() throws Exception {
    int threads = racers();
    int rounds = raceRounds();
    CyclicBarrier start = new CyclicBarrier(threads);
    // winners[round][thread]
    boolean[][] won = new boolean[rounds][threads];
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit((Callable<Void>) () -> {
          for (int round = 0; round < rounds; round++) {
            start.await(60, TimeUnit.SECONDS); // all threads hit the same key at the same time
            won[round][thread] =
                backend().putIfAbsent(raceKey(round), raceContent(round, thread));
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    for (int round = 0; round < rounds; round++) {
      int winner = -1;
      for (int t = 0; t < threads; t++) {
        if (won[round][t]) {
          if (winner >= 0) {
            fail("round " + round + ": threads " + winner + " and " + t + " both won");
          }
          winner = t;
        }
      }
      assertTrue(winner >= 0, "round " + round + ": nobody won");
      assertArrayEquals(raceContent(round, winner), backend().read(raceKey(round)),
          "round " + round + ": stored content is not the winner's");
    }
  }

  @Test
  void concurrentReadersNeverSeePartialContent() throws Exception {
    int size = 1024 * 1024;
    int writes = tornReadWrites();
    byte[][] contents = new byte[writes][];
    for (int i = 0; i < writes; i++) {
      contents[i] = numbered(i, size);
    }
    // The writer alternates: a fresh key through putIfAbsent, then a replace of one shared key.
    String replaced = "race/replaced.bin";
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong completeReads = new AtomicLong();
    AtomicReference<String> violation = new AtomicReference<>();
    int readers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(readers + 1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int r = 0; r < readers; r++) {
        Random random = new Random(r);
        futures.add(pool.submit(() -> {
          while (!done.get() && violation.get() == null) {
            int i = random.nextInt(writes);
            String key = random.nextBoolean() ? replaced : "race/fresh-" + i + ".bin";
            byte[] got;
            try {
              got = backend().read(key);
            } catch (ObjectNotFoundException e) {
              continue; // not written yet: allowed
            }
            String problem = check(got, contents);
            if (problem != null) {
              violation.compareAndSet(null, key + ": " + problem);
            }
            completeReads.incrementAndGet();
          }
        }));
      }
      futures.add(pool.submit((Callable<Void>) () -> {
        try {
          for (int i = 0; i < writes && violation.get() == null; i++) {
            assertTrue(backend().putIfAbsent("race/fresh-" + i + ".bin", contents[i]));
            backend().put(replaced, contents[(i * 7 + 3) % writes]);
          }
        } finally {
          done.set(true);
        }
        return null;
      }));
      for (Future<?> f : futures) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      done.set(true);
      pool.shutdownNow();
    }
    assertEquals(null, violation.get());
    assertTrue(completeReads.get() > 0, "the readers never saw a complete object");
  }

  private static String raceKey(int round) {
    return "race/round-" + round + "/v1.metadata.json";
  }

  /** Distinct per thread and of different lengths, so a mix of two writers is detectable. */
  private static byte[] raceContent(int round, int thread) {
    return numbered(round * 1000 + thread, 64 + thread * 997);
  }

  /** {@code size} pseudo-random bytes whose first 4 bytes hold {@code n}. */
  private static byte[] numbered(int n, int size) {
    byte[] b = new byte[size];
    new Random(n * 31L + size).nextBytes(b);
    ByteBuffer.wrap(b).putInt(n);
    return b;
  }

  /** Null if {@code got} equals one of the written contents; else what is wrong with it. */
  private static String check(byte[] got, byte[][] contents) {
    if (got.length < 4) {
      return "only " + got.length + " bytes";
    }
    int n = ByteBuffer.wrap(got).getInt();
    if (n < 0 || n >= contents.length) {
      return "unknown content number " + n + " (" + got.length + " bytes)";
    }
    if (got.length != contents[n].length) {
      return "content " + n + " has " + got.length + " of " + contents[n].length + " bytes";
    }
    for (int i = 0; i < got.length; i++) {
      if (got[i] != contents[n][i]) {
        return "content " + n + " differs at byte " + i;
      }
    }
    return null;
  }
}

package io.datashard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The data every benchmark uses, and the checks that make a wrong answer fail loudly. Row
 * {@code i} is {@code user_id = i}, {@code event = "event-" + (i % 10)}, {@code timestamp =
 * 1_700_000_000_000 + i}.
 */
public final class Workload {
  /** The schema both engines create. */
  public static final String SCHEMA_DESCRIPTION =
      "user_id long required, event string required, timestamp long required";

  /** Base of the timestamp column. */
  public static final long BASE_TIME = 1_700_000_000_000L;

  private Workload() {}

  /** The event of row {@code i}. */
  public static String event(long i) {
    return "event-" + (i % 10);
  }

  /** A fresh empty folder under the system temp directory. */
  public static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory("dsbench-" + prefix + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a folder and everything in it (quietly ignores a missing folder). */
  public static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Total bytes of the regular files under {@code dir}, leaving out Hadoop's {@code .crc}
   * checksum side files (Iceberg's local file system writes one per file).
   */
  public static long bytesUnder(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(Workload::isTableFile).mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Total bytes of the files under {@code dir} whose file name passes {@code name}. */
  public static long bytesUnder(Path dir, Predicate<String> name) {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(Workload::isTableFile)
          .filter(p -> name.test(p.getFileName().toString()))
          .mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Number of regular files under {@code dir}, leaving out {@code .crc} side files. */
  public static long filesUnder(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(Workload::isTableFile).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isTableFile(Path p) {
    return Files.isRegularFile(p) && !p.getFileName().toString().endsWith(".crc");
  }

  /**
   * The {@code q}-quantile (nearest rank, {@code 0 < q <= 1}) of durations in nanoseconds, in
   * milliseconds; NaN for no durations.
   */
  public static double quantileMs(long[] nanos, double q) {
    if (nanos.length == 0) {
      return Double.NaN;
    }
    long[] sorted = nanos.clone();
    java.util.Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  /** Throws unless {@code actual == expected}: a benchmark must never time a wrong answer. */
  public static void check(String what, long expected, long actual) {
    if (expected != actual) {
      throw new IllegalStateException(
          "wrong result: " + what + ": expected " + expected + " but got " + actual);
    }
  }
}

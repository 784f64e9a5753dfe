package io.datashard.internal.read;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.arrow.dataset.jni.JniLoader;
import org.apache.arrow.dataset.jni.NativeMemoryPool;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Arrow's native dataset library (JNI, bundled in {@code arrow-dataset} for Linux and macOS
 * on x86_64 and aarch64) loads in this JVM. The load is tried once, at the first scan that could
 * use it; a failure ({@link UnsatisfiedLinkError} for a platform without the library or a libc
 * that is too old, {@link NoClassDefFoundError} without the jar, ...) is caught there, logged once
 * with its reason, and every later scan uses the pure-Java reader.
 */
public final class NativeLibrary {
  private static final Logger LOG = LoggerFactory.getLogger(NativeLibrary.class);

  /** Loads the library; returns null on success or the reason it failed. The test seam. */
  static volatile Supplier<String> loader = NativeLibrary::load;

  /** The outcome once known: "" when loaded, otherwise the reason. */
  private static final AtomicReference<String> outcome = new AtomicReference<>();

  private static BufferAllocator shared;

  private NativeLibrary() {}

  /**
   * The allocator native batches are imported into when the caller brought none ({@code
   * toRecords}, {@code count}): a process-wide root; each file reader uses and closes a child.
   */
  public static synchronized BufferAllocator sharedAllocator() {
    if (shared == null) {
      shared = new RootAllocator();
    }
    return shared;
  }

  /**
   * Records that the library, though it loaded, failed to link at first real use (a missing
   * companion jar such as arrow-c-data); later scans use the Java reader without trying again.
   */
  public static void markUnusable(Throwable t) {
    synchronized (NativeLibrary.class) {
      String reason = t.getClass().getSimpleName() + ": " + t.getMessage();
      if (outcome.compareAndSet("", reason) || outcome.compareAndSet(null, reason)) {
        LOG.warn("DataShard reads Parquet with its pure-Java reader from now on: the native Arrow"
            + " dataset reader failed at first use on {}: {}", platform(), reason);
      }
    }
  }

  /** True if the native reader can be used in this JVM (tries the load the first time). */
  public static boolean available() {
    return unavailableReason() == null;
  }

  /** Why the native library cannot be used here, or null if it loaded. */
  public static String unavailableReason() {
    String known = outcome.get();
    if (known == null) {
      synchronized (NativeLibrary.class) {
        known = outcome.get();
        if (known == null) {
          String reason = loader.get();
          known = reason == null ? "" : reason;
          outcome.set(known);
          if (reason != null) {
            LOG.warn("DataShard reads Parquet with its pure-Java reader: the native Arrow dataset"
                + " library (arrow-dataset, JNI) is not usable on this platform ({}): {}. Set"
                + " read.native=false (DATASHARD_READ_NATIVE=false) to choose the Java reader"
                + " without this message", platform(), reason);
          }
        }
      }
    }
    return known.isEmpty() ? null : known;
  }

  /** The platform as the JVM names it, for messages. */
  public static String platform() {
    return System.getProperty("os.name") + "/" + System.getProperty("os.arch");
  }

  /**
   * Replaces the loader and forgets the outcome, so the next scan probes again. Tests use it to
   * simulate a platform without the library (a loader returning a reason) and to restore the real
   * one ({@code null}).
   */
  static void resetForTests(Supplier<String> testLoader) {
    synchronized (NativeLibrary.class) {
      loader = testLoader == null ? NativeLibrary::load : testLoader;
      outcome.set(null);
    }
  }

  private static String load() {
    // Native batches are imported into Arrow Java buffers, which need java.nio opened to Arrow's
    // memory module. toRecords() and count() never needed that before, so a JVM started without
    // the flag keeps reading with the Java reader (and Arrow's failing initializer, which prints
    // a stack trace, is never touched).
    if (!java.nio.Buffer.class.getModule().isOpen("java.nio", BufferAllocator.class.getModule())) {
      return "java.nio is not opened to Arrow's memory module (start the JVM with"
          + " --add-opens=java.base/java.nio=ALL-UNNAMED)";
    }
    try {
      JniLoader.get().ensureLoaded();
      NativeMemoryPool.getDefault(); // the pool every native read allocates from
    } catch (LinkageError | RuntimeException e) {
      // UnsatisfiedLinkError, NoClassDefFoundError, ExceptionInInitializerError, or the
      // IllegalStateException JniLoader throws when it cannot extract the library: all mean
      // "no native reader here", which AUTO turns into the Java reader and REQUIRED into an error.
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    try {
      // Native batches are imported into Arrow Java buffers. A JVM started without
      // --add-opens=java.base/java.nio=ALL-UNNAMED cannot allocate them; toRecords() and count()
      // never needed Arrow memory before, so such a JVM keeps reading with the Java reader.
      sharedAllocator();
      return null;
    } catch (LinkageError | RuntimeException e) {
      return "Arrow memory is not usable in this JVM (start it with"
          + " --add-opens=java.base/java.nio=ALL-UNNAMED): " + e;
    }
  }
}

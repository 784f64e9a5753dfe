package io.datashard.storage.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.UUID;

/** Low-level file helpers shared by the backend and its streams: temp files, fsync, mkdirs. */
final class LocalFiles {
  // Windows cannot open a directory as a channel; NTFS journals directory entries itself.
  private static final boolean CAN_SYNC_DIRECTORIES =
      !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  private LocalFiles() {}

  /**
   * A fresh temp file path next to {@code target}, so the final rename or link stays within one
   * directory (and one filesystem), which is what makes it atomic.
   */
  static Path tempFor(Path target) {
    // Not derived from the target's name: that could push the temp name past NAME_MAX (255).
    return target.resolveSibling(LocalPaths.TEMP_PREFIX + UUID.randomUUID() + LocalPaths.TEMP_SUFFIX);
  }

  /** Opens a new file for writing; fails if it exists (temp names are unique, so it never does). */
  static FileChannel createNew(Path file) throws IOException {
    // Not Files.createTempFile: it makes owner-only files, and table files must be readable by
    // whoever may read the warehouse (the umask decides, as for any other file).
    return FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
  }

  /** Writes all of {@code content} to a new file and fsyncs it. */
  static void writeDurably(Path file, byte[] content) throws IOException {
    try (FileChannel ch = createNew(file)) {
      ByteBuffer buf = ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
  }

  /** Fsyncs a directory so that entries created, renamed or linked in it survive a crash. */
  static void syncDirectory(Path dir) throws IOException {
    if (!CAN_SYNC_DIRECTORIES) {
      return;
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /**
   * Creates {@code dir} and its missing ancestors, fsyncing the parent of each directory it
   * creates so the new entries are durable before anything is written into them. Tolerates other
   * threads and processes creating the same directories at the same time.
   */
  static void createDirectoriesDurably(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Deque<Path> missing = new ArrayDeque<>();
    for (Path p = dir; p != null && !Files.isDirectory(p); p = p.getParent()) {
      missing.push(p);
    }
    while (!missing.isEmpty()) {
      Path p = missing.pop();
      try {
        Files.createDirectory(p);
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(p)) {
          throw e; // a file where a directory is needed
        }
      }
      // Sync even if someone else created it: their sync may not have happened yet.
      syncDirectory(p.getParent());
    }
  }

  /** Deletes a temp file, ignoring failures: the caller is already reporting the real error. */
  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException | RuntimeException ignored) {
      // A leftover temp file is invisible to readers and listings; removeOrphanFiles can reap it.
    }
  }
}

package io.datashard.storage.local;

import io.datashard.DataShardConfig;
import io.datashard.exceptions.DataShardException;
import io.datashard.exceptions.ObjectNotFoundException;
import io.datashard.exceptions.StorageException;
import io.datashard.exceptions.StorageRejectedException;
import io.datashard.spi.ObjectInfo;
import io.datashard.spi.PositionOutputStream;
import io.datashard.spi.SeekableInputStream;
import io.datashard.spi.StagedPut;
import io.datashard.spi.StorageBackend;
import io.datashard.spi.SupportsAdvisoryLock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A {@link StorageBackend} on a local or mounted filesystem directory (the warehouse root). Keys
 * are paths relative to the root.
 *
 * <p>How the contract is met: every write goes to a uniquely named {@code .tmp-*.tmp} file in the
 * target's directory, which is fsynced and then published in one atomic step. {@link #put} and
 * {@link #create} publish with an atomic rename (replacing); {@link #putIfAbsent} publishes with a
 * hard link, which the kernel refuses if the target exists, so it is linearizable across threads
 * and processes without any lock. Directory entries are fsynced after publishing. Listings skip
 * temp files, so in-flight writes are invisible.
 *
 * <p>The filesystem must support hard links (every local POSIX filesystem does); where it does
 * not, {@link #putIfAbsent} fails with a {@link StorageException} rather than fall back to an
 * unsafe check-then-rename. Thread-safe; holds no open resources.
 *
 * <p>It also offers advisory locks ({@link SupportsAdvisoryLock}) on hidden lock files, which
 * DataShard takes around a commit so that writer processes on one machine queue instead of
 * racing; see {@link #tryLock}.
 */
public final class LocalStorageBackend implements StorageBackend, SupportsAdvisoryLock {
  /** The storage type name. */
  public static final String TYPE = "local";

  private final LocalPaths paths;

  /**
   * A backend rooted at {@code root}: made absolute and normalized, created if missing, and
   * resolved through symlinks once so {@link #uri} and {@link #keyOf} always agree.
   *
   * @throws DataShardException naming the path and {@code DATASHARD_LOCAL_ROOT} if the root exists
   *     but is not a directory or cannot be created
   */
  public LocalStorageBackend(Path root) {
    Path configured = root.toAbsolutePath().normalize();
    String variable = DataShardConfig.variableForKey(DataShardConfig.LOCAL_ROOT);
    if (Files.exists(configured) && !Files.isDirectory(configured)) {
      throw new DataShardException(
          "Local storage root " + configured + " exists but is not a directory: set "
              + variable + " (" + DataShardConfig.LOCAL_ROOT + ") to a directory");
    }
    Path real;
    try {
      LocalFiles.createDirectoriesDurably(configured);
      real = configured.toRealPath();
    } catch (IOException e) {
      throw new DataShardException(
          "Cannot create or open the local storage root " + configured + " (" + e + "): check "
              + variable + " (" + DataShardConfig.LOCAL_ROOT + ") and the directory's permissions", e);
    }
    this.paths = new LocalPaths(real, configured);
  }

  /**
   * A backend rooted at a path string, as given in {@code local.root}.
   *
   * @throws DataShardException naming the variable if the path is not valid
   */
  public static LocalStorageBackend forRoot(String root) {
    try {
      return new LocalStorageBackend(Path.of(root));
    } catch (InvalidPathException e) {
      throw new DataShardException(
          "Invalid local storage root '" + root + "' ("
              + DataShardConfig.variableForKey(DataShardConfig.LOCAL_ROOT) + "): " + e.getMessage(), e);
    }
  }

  /** The root directory: absolute, normalized, symlinks resolved. */
  public Path root() {
    return paths.root();
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String uri(String key) {
    return paths.uri(key);
  }

  @Override
  public String keyOf(String uri) {
    return paths.keyOfUri(uri);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] content) {
    return stagePutIfAbsent(key, content).commit();
  }

  /**
   * Writes and fsyncs a temporary file beside the target now; {@link StagedPut#commit()} hard-links
   * it to the target (the atomic create-if-absent) and fsyncs the directory.
   */
  @Override
  public StagedPut stagePutIfAbsent(String key, byte[] content) {
    Path target = paths.resolve(key);
    if (Files.isRegularFile(target)) {
      return ALREADY_THERE; // cheap early answer; the hard link is what decides a race
    }
    Path temp = null;
    try {
      LocalFiles.createDirectoriesDurably(target.getParent());
      temp = LocalFiles.tempFor(target);
      LocalFiles.writeDurably(temp, content);
    } catch (IOException e) {
      if (temp != null) {
        LocalFiles.deleteQuietly(temp);
      }
      // Nothing exists under the target name, so the write certainly had no effect.
      throw new StorageRejectedException("Failed to write " + target + " (put-if-absent): " + e, e);
    }
    return new StagedLink(key, target, temp);
  }

  private static final StagedPut ALREADY_THERE = new StagedPut() {
    @Override
    public boolean commit() {
      return false;
    }

    @Override
    public void abort() {}
  };

  /** A durable temporary file waiting to be linked to its target. */
  private final class StagedLink implements StagedPut {
    private final String key;
    private final Path target;
    private final Path temp;

    StagedLink(String key, Path target, Path temp) {
      this.key = key;
      this.target = target;
      this.temp = temp;
    }

    @Override
    public boolean commit() {
      boolean linked = false;
      try {
        try {
          // link(2) fails with EEXIST if anything exists at target: the atomic "create if absent".
          Files.createLink(target, temp);
        } catch (FileAlreadyExistsException e) {
          if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new StorageException(
                "Cannot write " + target + ": a directory exists at key '" + key + "'", e);
          }
          return false;
        } catch (UnsupportedOperationException | FileSystemException e) {
          if (e instanceof NoSuchFileException) {
            throw new StorageException("Failed to write " + target + ": " + e, e);
          }
          throw new StorageException(
              "Cannot hard-link " + temp + " to " + target + " (" + e + "): the local backend"
                  + " needs a filesystem with hard links under the storage root " + paths.root()
                  + " for atomic put-if-absent, and never falls back to an unsafe"
                  + " check-then-rename; put the warehouse on a local POSIX filesystem", e);
        }
        linked = true;
        LocalFiles.syncDirectory(target.getParent());
        return true;
      } catch (IOException e) {
        if (!linked) {
          // Nothing exists under the target name yet, so the write certainly had no effect.
          throw new StorageRejectedException(
              "Failed to write " + target + " (put-if-absent): " + e, e);
        }
        throw new StorageException("Failed to write " + target + " (put-if-absent): " + e, e);
      } finally {
        LocalFiles.deleteQuietly(temp); // after a link, this drops only the second name
      }
    }

    @Override
    public void abort() {
      LocalFiles.deleteQuietly(temp);
    }
  }

  @Override
  public void put(String key, byte[] content) {
    Path target = paths.resolve(key);
    Path temp = null;
    boolean moved = false;
    try {
      LocalFiles.createDirectoriesDurably(target.getParent());
      temp = LocalFiles.tempFor(target);
      LocalFiles.writeDurably(temp, content);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
      LocalFiles.syncDirectory(target.getParent());
    } catch (IOException e) {
      throw new StorageException("Failed to write " + target + " (put): " + e, e);
    } finally {
      if (temp != null && !moved) {
        LocalFiles.deleteQuietly(temp);
      }
    }
  }

  @Override
  public PositionOutputStream create(String key) {
    Path target = paths.resolve(key);
    Path temp = null;
    try {
      LocalFiles.createDirectoriesDurably(target.getParent());
      temp = LocalFiles.tempFor(target);
      return new LocalOutputStream(target, temp, LocalFiles.createNew(temp));
    } catch (IOException e) {
      if (temp != null) {
        LocalFiles.deleteQuietly(temp);
      }
      throw new StorageException("Failed to start writing " + target + ": " + e, e);
    }
  }

  @Override
  public byte[] read(String key) {
    Path file = paths.resolve(key);
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw readFailure(key, file, "read", e);
    }
  }

  @Override
  public byte[] readRange(String key, long offset, int length) {
    Path file = paths.resolve(key);
    if (offset < 0 || length < 0) {
      throw new StorageException(
          "Invalid range of " + file + ": offset " + offset + ", length " + length, null);
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (offset + length > size) {
        throw new StorageException(
            "Range [" + offset + ", " + (offset + length) + ") lies beyond the end of " + file
                + " (" + size + " bytes)", null);
      }
      ByteBuffer buf = ByteBuffer.allocate(length);
      while (buf.hasRemaining()) {
        int n = ch.read(buf, offset + buf.position());
        if (n < 0) {
          throw new StorageException("File " + file + " shrank while being read", null);
        }
      }
      return buf.array();
    } catch (IOException e) {
      throw readFailure(key, file, "read a range of", e);
    }
  }

  @Override
  public SeekableInputStream open(String key) {
    Path file = paths.resolve(key);
    FileChannel ch = null;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ);
      return new LocalInputStream(file, ch);
    } catch (IOException e) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw readFailure(key, file, "open", e);
    }
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    Path file = paths.resolve(key);
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
      if (!attrs.isRegularFile()) {
        return Optional.empty(); // a directory is not an object
      }
      return Optional.of(new ObjectInfo(key, attrs.size(), attrs.lastModifiedTime().toMillis()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StorageException("Failed to stat " + file + ": " + e, e);
    }
  }

  @Override
  public List<ObjectInfo> list(String prefix) {
    if (prefix == null) {
      throw new StorageException("Cannot list a null prefix under " + paths.root(), null);
    }
    // Walk only the deepest directory the prefix names; the rest of the prefix is matched as a
    // plain string, so "t/data/" never matches "t/data_export/x" but "t/da" matches both.
    int slash = prefix.lastIndexOf('/');
    Path start = slash < 0 ? paths.root() : paths.resolve(prefix.substring(0, slash));
    List<ObjectInfo> out = new ArrayList<>();
    if (!Files.isDirectory(start)) {
      return out;
    }
    try {
      Files.walkFileTree(start, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile() && !LocalPaths.isHiddenName(file.getFileName().toString())) {
            String key = paths.keyOf(file);
            if (key.startsWith(prefix)) {
              out.add(new ObjectInfo(key, attrs.size(), attrs.lastModifiedTime().toMillis()));
            }
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE; // deleted while we walked (a temp file, usually)
          }
          throw e;
        }
      });
    } catch (IOException e) {
      throw new StorageException("Failed to list " + start + " (prefix '" + prefix + "'): " + e, e);
    }
    return out;
  }

  @Override
  public void delete(Collection<String> keys) {
    StorageException failure = null;
    for (String key : keys) {
      Path file = paths.resolve(key);
      try {
        if (!Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(file);
        }
      } catch (IOException e) {
        // Keep going: a bulk delete is not atomic anyway, so delete what can be deleted.
        StorageException se = new StorageException("Failed to delete " + file + ": " + e, e);
        if (failure == null) {
          failure = se;
        } else {
          failure.addSuppressed(se);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Takes the advisory lock named {@code key}: an OS file lock ({@code fcntl}) on the file {@code
   * .lock-<last segment of key>} in the key's folder, created empty on first use and never
   * deleted. Listings never show lock files, and keys may not name them. Threads of this JVM
   * queue on an in-JVM semaphore first (OS file locks are per process). Several machines share
   * the lock only where the shared file system implements {@code fcntl} locks across clients
   * (NFSv4 does); where it does not, the lock only orders the processes of one machine, which
   * is harmless, since the lock never decides a commit.
   *
   * @throws StorageException if the lock file cannot be created or opened for writing (for
   *     example a read-only folder, or a directory in its place)
   */
  @Override
  public Optional<AdvisoryLock> tryLock(String key, Duration timeout) throws InterruptedException {
    Path file = paths.lockFile(key);
    try {
      LocalFiles.createDirectoriesDurably(file.getParent());
    } catch (IOException e) {
      throw new StorageException("Cannot take the advisory lock on " + file + ": " + e, e);
    }
    return LocalLocks.tryLock(file, timeout.toNanos());
  }

  /** Nothing to release: every operation opens and closes its own files. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "LocalStorageBackend[" + paths.root() + "]";
  }

  private StorageException readFailure(String key, Path file, String operation, IOException e) {
    // A directory at the key is "no object here", as on an object store.
    if (e instanceof NoSuchFileException || Files.isDirectory(file)) {
      return new ObjectNotFoundException(key, file.toString());
    }
    return new StorageException("Failed to " + operation + " " + file + ": " + e, e);
  }
}

package io.datashard.internal.data;

import io.datashard.exceptions.StorageException;
import io.datashard.internal.io.BackgroundWrites;
import io.datashard.internal.io.PendingWrite;
import io.datashard.spi.StorageBackend;
import java.io.IOException;
import java.util.Map;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Adapters between Parquet's file abstractions and {@link StorageBackend} objects, so parquet-mr
 * reads and writes through the backend (local disk, S3) rather than a Hadoop file system.
 */
public final class BackendFiles {
  private BackendFiles() {}

  /**
   * A Parquet output file over {@link StorageBackend#create(String, Map)}. The object appears when
   * Parquet closes the stream after writing the footer; {@link #abort()} discards it instead.
   *
   * <p>With {@link BackgroundWrites}, closing hands the stream's own close (which uploads a small
   * object in one request, or completes a multipart upload) to a background thread: Parquet's
   * close returns once every byte is in the stream, and the file's length and metrics are known
   * then. The owner waits for {@link #pendingUpload()} before the object may be referenced.
   */
  static final class Output implements OutputFile {
    private final StorageBackend backend;
    private final String key;
    private final Map<String, String> metadata;
    private final BackgroundWrites uploads;
    private io.datashard.spi.PositionOutputStream stream;
    private long finalLength = -1;
    private PendingWrite pending;

    Output(StorageBackend backend, String key, Map<String, String> metadata,
        BackgroundWrites uploads) {
      this.backend = backend;
      this.key = key;
      this.metadata = metadata;
      this.uploads = uploads;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      if (stream != null) {
        throw new IllegalStateException("Parquet output " + key + " was already created");
      }
      stream = metadata.isEmpty() ? backend.create(key) : backend.create(key, metadata);
      final io.datashard.spi.PositionOutputStream out = stream;
      return new PositionOutputStream() {
        @Override
        public long getPos() throws IOException {
          return out.position();
        }

        @Override
        public void write(int b) throws IOException {
          out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
          out.flush();
        }

        @Override
        public void close() throws IOException {
          if (finalLength < 0) {
            finalLength = out.position();
            if (uploads == null) {
              out.close();
            } else {
              pending = uploads.submit(backend.uri(key), () -> publish(out), out::abort);
            }
          }
        }
      };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      // Data file keys are fresh random names, so "overwrite" never replaces anything.
      return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    @Override
    public String getPath() {
      return backend.uri(key);
    }

    /** The object's length once the stream was closed, or -1. */
    long finalLength() {
      return finalLength;
    }

    /** The background close of the stream, or null if it was closed in place (or not yet). */
    PendingWrite pendingUpload() {
      return pending;
    }

    private void publish(io.datashard.spi.PositionOutputStream out) {
      try {
        out.close();
      } catch (IOException e) {
        throw new StorageException(
            "Could not write data file " + backend.uri(key) + ": " + e.getMessage(), e);
      }
    }

    /**
     * Discards the object if it was not published yet; a background upload is cancelled or waited
     * for, so the caller can then delete the key and nothing lands after that.
     */
    void abort() {
      if (pending != null) {
        pending.discard();
      } else if (stream != null && finalLength < 0) {
        stream.abort();
      }
    }
  }

  /**
   * A Parquet input file over {@link StorageBackend#open}. The object is opened eagerly, so a
   * missing object fails at once with the backend's ObjectNotFoundException; the first stream
   * asked for reuses that open stream.
   */
  public static final class Input implements InputFile {
    private final StorageBackend backend;
    private final String key;
    private final long length;
    private io.datashard.spi.SeekableInputStream first;

    public Input(StorageBackend backend, String key) {
      this.backend = backend;
      this.key = key;
      this.first = backend.open(key);
      try {
        this.length = first.length();
      } catch (IOException e) {
        closeQuietly(first);
        throw new io.datashard.exceptions.StorageException(
            "Could not read the length of " + backend.uri(key) + ": " + e.getMessage(), e);
      }
    }

    @Override
    public long getLength() {
      return length;
    }

    @Override
    public SeekableInputStream newStream() {
      io.datashard.spi.SeekableInputStream in = first != null ? first : backend.open(key);
      first = null;
      return new DelegatingSeekableInputStream(in) {
        @Override
        public long getPos() throws IOException {
          return in.position();
        }

        @Override
        public void seek(long newPos) throws IOException {
          in.seek(newPos);
        }
      };
    }

    @Override
    public String toString() {
      return backend.uri(key);
    }

    private static void closeQuietly(java.io.Closeable c) {
      try {
        c.close();
      } catch (IOException | RuntimeException e) {
        // Best effort: the stream is being discarded after another failure or after use.
      }
    }
  }
}

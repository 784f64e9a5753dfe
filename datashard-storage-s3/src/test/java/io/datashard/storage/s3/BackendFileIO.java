package io.datashard.storage.s3;

import io.datashard.spi.StorageBackend;
import java.io.IOException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.SeekableInputStream;

/**
 * A read-only Iceberg {@link FileIO} over a DataShard {@link StorageBackend} (test code): lets
 * Iceberg-Java read a table on S3 through the same backend, with no Hadoop file system and no
 * iceberg-aws.
 */
final class BackendFileIO implements FileIO {
  private final StorageBackend backend;

  BackendFileIO(StorageBackend backend) {
    this.backend = backend;
  }

  @Override
  public InputFile newInputFile(String path) {
    String key = backend.keyOf(path);
    return new InputFile() {
      @Override
      public long getLength() {
        return backend.stat(key).orElseThrow(() -> new NotFoundException("No object %s", path))
            .size();
      }

      @Override
      public SeekableInputStream newStream() {
        io.datashard.spi.SeekableInputStream in = backend.open(key);
        return new SeekableInputStream() {
          @Override
          public long getPos() throws IOException {
            return in.position();
          }

          @Override
          public void seek(long newPos) throws IOException {
            in.seek(newPos);
          }

          @Override
          public int read() throws IOException {
            return in.read();
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
          }

          @Override
          public void close() throws IOException {
            in.close();
          }
        };
      }

      @Override
      public String location() {
        return path;
      }

      @Override
      public boolean exists() {
        return backend.stat(key).isPresent();
      }
    };
  }

  @Override
  public OutputFile newOutputFile(String path) {
    throw new UnsupportedOperationException("BackendFileIO is read-only: " + path);
  }

  @Override
  public void deleteFile(String path) {
    throw new UnsupportedOperationException("BackendFileIO is read-only: " + path);
  }
}

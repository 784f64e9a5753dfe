package io.datashard.internal.read;

import io.datashard.exceptions.ObjectNotFoundException;
import io.datashard.spi.StorageBackend;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet input stream that fetches exactly the bytes asked for: every {@code read(buf, off,
 * len)} is one {@link StorageBackend#readRange} of {@code [position, position + len)}. The
 * columnar reader asks for the footer and then for each needed column chunk in one piece, so on
 * S3 a scan is a HEAD, a few bounded ranged GETs for the footer, and one bounded ranged GET per
 * column chunk read: never an open-ended GET of the rest of the object.
 */
final class RangedInput extends SeekableInputStream {
  private final StorageBackend backend;
  private final String key;
  private final long length;
  private long pos;

  /**
   * @throws ObjectNotFoundException if the object does not exist
   */
  RangedInput(StorageBackend backend, String key) {
    this.backend = backend;
    this.key = key;
    this.length = backend.stat(key)
        .orElseThrow(() -> new ObjectNotFoundException(key, backend.uri(key)))
        .size();
  }

  long length() {
    return length;
  }

  @Override
  public long getPos() {
    return pos;
  }

  @Override
  public void seek(long newPos) throws IOException {
    if (newPos < 0 || newPos > length) {
      throw new EOFException("Cannot seek to " + newPos + " in " + backend.uri(key) + " of "
          + length + " bytes");
    }
    pos = newPos;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    if (pos >= length) {
      return -1;
    }
    int n = (int) Math.min(len, length - pos);
    byte[] bytes = backend.readRange(key, pos, n);
    System.arraycopy(bytes, 0, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public void readFully(byte[] bytes) throws IOException {
    readFully(bytes, 0, bytes.length);
  }

  @Override
  public void readFully(byte[] bytes, int start, int len) throws IOException {
    if (len > length - pos) {
      throw new EOFException("Reached the end of " + backend.uri(key) + " after "
          + (length - pos) + " of " + len + " bytes");
    }
    read(bytes, start, len);
  }

  @Override
  public int read(ByteBuffer buf) {
    int len = buf.remaining();
    byte[] bytes = new byte[len];
    int n = read(bytes, 0, len);
    if (n > 0) {
      buf.put(bytes, 0, n);
    }
    return n;
  }

  @Override
  public void readFully(ByteBuffer buf) throws IOException {
    int len = buf.remaining();
    byte[] bytes = new byte[len];
    readFully(bytes, 0, len);
    buf.put(bytes);
  }

  @Override
  public void close() {
    // Nothing is held open between reads.
  }
}

package io.datashard.spi;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A streaming read of one object that can jump to any offset (used for Parquet footers and column
 * chunks, so only the needed bytes are fetched). Not thread-safe; the caller closes it.
 */
public abstract class SeekableInputStream extends InputStream {
  /** The object's total length in bytes. */
  public abstract long length() throws IOException;

  /** The current offset. */
  public abstract long position() throws IOException;

  /** Moves to an absolute offset (0 ≤ offset ≤ length). */
  public abstract void seek(long offset) throws IOException;

  /** Reads exactly {@code len} bytes or throws {@link EOFException}. */
  public void readFully(byte[] buf, int off, int len) throws IOException {
    int done = 0;
    while (done < len) {
      int n = read(buf, off + done, len - done);
      if (n < 0) {
        throw new EOFException(
            "Reached the end of the object after " + done + " of " + len + " bytes");
      }
      done += n;
    }
  }
}

package io.datashard.storage.local;

import io.datashard.spi.SeekableInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A buffered, seekable read of one file through a {@link FileChannel}. Objects are immutable
 * (a replacement is a new file moved over the old name), so the open channel keeps reading the
 * version that was current at open time and the length is fixed.
 */
final class LocalInputStream extends SeekableInputStream {
  static final int BUFFER_SIZE = 64 * 1024;

  private final Path file;
  private final FileChannel channel;
  private final long length;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
  // File offset of buffer[0]; the stream position is bufferStart + buffer.position().
  private long bufferStart;
  private boolean closed;

  LocalInputStream(Path file, FileChannel channel) throws IOException {
    this.file = file;
    this.channel = channel;
    this.length = channel.size();
    buffer.limit(0);
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public long position() throws IOException {
    ensureOpen();
    return bufferStart + buffer.position();
  }

  @Override
  public void seek(long offset) throws IOException {
    ensureOpen();
    if (offset < 0 || offset > length) {
      throw new EOFException("Cannot seek to " + offset + " in " + file + " of length " + length);
    }
    if (offset >= bufferStart && offset <= bufferStart + buffer.limit()) {
      buffer.position((int) (offset - bufferStart)); // still inside the buffered window
    } else {
      bufferStart = offset;
      buffer.clear().limit(0);
    }
  }

  @Override
  public int read() throws IOException {
    ensureOpen();
    if (!buffer.hasRemaining() && !fill()) {
      return -1;
    }
    return buffer.get() & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    ensureOpen();
    if (off < 0 || len < 0 || len > b.length - off) {
      throw new IndexOutOfBoundsException("off=" + off + ", len=" + len + ", length=" + b.length);
    }
    if (len == 0) {
      return 0;
    }
    if (buffer.hasRemaining()) {
      int n = Math.min(len, buffer.remaining());
      buffer.get(b, off, n);
      return n;
    }
    long pos = bufferStart + buffer.position();
    if (pos >= length) {
      return -1;
    }
    if (len >= BUFFER_SIZE) {
      // Large reads (column chunks) bypass the buffer instead of being copied twice.
      int n = readAt(ByteBuffer.wrap(b, off, (int) Math.min(len, length - pos)), pos);
      bufferStart = pos + n;
      buffer.clear().limit(0);
      return n > 0 ? n : -1;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, buffer.remaining());
    buffer.get(b, off, n);
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long pos = position();
    long target = Math.min(length, pos + Math.max(0, n));
    seek(target);
    return target - pos;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(Integer.MAX_VALUE, length - position());
  }

  @Override
  public void close() throws IOException {
    closed = true;
    channel.close();
  }

  /** Refills the buffer from the current position; false at the end of the file. */
  private boolean fill() throws IOException {
    long pos = bufferStart + buffer.position();
    if (pos >= length) {
      return false;
    }
    bufferStart = pos;
    buffer.clear();
    buffer.limit((int) Math.min(BUFFER_SIZE, length - pos));
    readAt(buffer, pos);
    buffer.flip();
    return buffer.hasRemaining();
  }

  /** Fills {@code dst} from {@code pos}; returns the bytes read (short only if the file shrank). */
  private int readAt(ByteBuffer dst, long pos) throws IOException {
    int total = 0;
    try {
      while (dst.hasRemaining()) {
        int n = channel.read(dst, pos + total);
        if (n < 0) {
          break;
        }
        total += n;
      }
    } catch (IOException e) {
      throw new IOException("Failed to read " + file + " at offset " + pos + ": " + e.getMessage(), e);
    }
    return total;
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("Stream for " + file + " is closed");
    }
  }
}

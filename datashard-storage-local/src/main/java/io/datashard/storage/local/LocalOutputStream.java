package io.datashard.storage.local;

import io.datashard.spi.PositionOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A streaming write into a temp file next to the target, moved into place atomically on {@link
 * #close()}. Stream methods throw {@link IOException} naming the object's path, as streams do.
 */
final class LocalOutputStream extends PositionOutputStream {
  static final int BUFFER_SIZE = 256 * 1024;

  private final Path target;
  private final Path temp;
  private final FileChannel channel;
  private final byte[] buffer = new byte[BUFFER_SIZE];
  private int buffered;
  private long position;
  private boolean closed;

  LocalOutputStream(Path target, Path temp, FileChannel channel) {
    this.target = target;
    this.temp = temp;
    this.channel = channel;
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public void write(int b) throws IOException {
    ensureOpen();
    if (buffered == buffer.length) {
      flushBuffer();
    }
    buffer[buffered++] = (byte) b;
    position++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ensureOpen();
    if (off < 0 || len < 0 || len > b.length - off) {
      throw new IndexOutOfBoundsException("off=" + off + ", len=" + len + ", length=" + b.length);
    }
    if (len >= buffer.length) {
      // Large writes go straight to the file; copying them through the buffer gains nothing.
      flushBuffer();
      writeFully(ByteBuffer.wrap(b, off, len));
    } else {
      if (len > buffer.length - buffered) {
        flushBuffer();
      }
      System.arraycopy(b, off, buffer, buffered, len);
      buffered += len;
    }
    position += len;
  }

  /**
   * Writes pending bytes to the temp file. Nothing becomes visible under the key; only {@link
   * #close()} publishes.
   */
  @Override
  public void flush() throws IOException {
    ensureOpen();
    flushBuffer();
  }

  /** Publishes the object: flush, fsync, atomic move into place, fsync the directory. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return; // also after abort(): closing an aborted stream must not publish anything
    }
    closed = true;
    boolean published = false;
    try {
      flushBuffer();
      channel.force(true);
      channel.close();
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      published = true;
      LocalFiles.syncDirectory(target.getParent());
    } catch (IOException e) {
      throw new IOException(
          (published ? "Wrote " : "Failed to write ") + target
              + (published ? " but could not fsync its directory: " : ": ") + e.getMessage(), e);
    } finally {
      if (!published) {
        closeQuietly();
        LocalFiles.deleteQuietly(temp);
      }
    }
  }

  @Override
  public void abort() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly();
    LocalFiles.deleteQuietly(temp);
  }

  private void flushBuffer() throws IOException {
    if (buffered > 0) {
      writeFully(ByteBuffer.wrap(buffer, 0, buffered));
      buffered = 0;
    }
  }

  private void writeFully(ByteBuffer buf) throws IOException {
    try {
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
    } catch (IOException e) {
      throw new IOException("Failed to write " + target + " (temp file " + temp + "): " + e.getMessage(), e);
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("Stream for " + target + " is already closed or aborted");
    }
  }

  private void closeQuietly() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // The temp file is deleted next; a close failure changes nothing for the caller.
    }
  }
}

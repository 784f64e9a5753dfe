package io.datashard.spi;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A streaming write to one object. Bytes become visible under the key only when {@link #close()}
 * returns normally, all at once; until then readers see no object (or the previous one). {@link
 * #abort()} discards everything written and leaves nothing behind (no temp file, no incomplete
 * multipart upload). Not thread-safe.
 */
public abstract class PositionOutputStream extends OutputStream {
  /** Number of bytes written so far. */
  public abstract long position() throws IOException;

  /** Discards the write. Safe to call after a failure; a no-op after {@link #close()}. */
  public abstract void abort();
}

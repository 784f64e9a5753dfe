package io.datashard.internal.data;

import java.util.Iterator;

/**
 * An iterator over a resource (an open file, a stream) that the caller must close. Closing early,
 * before the iterator is exhausted, is allowed and releases the resource; closing twice is a no-op.
 *
 * @param <T> element type
 */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
  /** Releases the underlying resource. Never throws a checked exception. */
  @Override
  void close();
}

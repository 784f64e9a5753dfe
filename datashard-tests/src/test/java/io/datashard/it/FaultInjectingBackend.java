package io.datashard.it;

import io.datashard.spi.ObjectInfo;
import io.datashard.spi.PositionOutputStream;
import io.datashard.spi.SeekableInputStream;
import io.datashard.spi.StorageBackend;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A real backend with hooks on the two operations the commit protocol's outcome depends on:
 * put-if-absent of a metadata version and reading it back. Everything else passes through.
 */
final class FaultInjectingBackend implements StorageBackend {
  /** Replaces a put-if-absent; {@code real} performs the actual write. */
  interface PutHook {
    boolean put(String key, byte[] content, RealPut real);
  }

  interface RealPut {
    boolean put();
  }

  private final StorageBackend delegate;
  private volatile Predicate<String> putMatches = k -> false;
  private volatile PutHook putHook;
  private volatile Predicate<String> failReads = k -> false;

  FaultInjectingBackend(StorageBackend delegate) {
    this.delegate = delegate;
  }

  /** Intercepts put-if-absent of keys ending with {@code suffix}. */
  void onPutIfAbsent(Predicate<String> keys, PutHook hook) {
    this.putHook = hook;
    this.putMatches = keys;
  }

  void failReadsOf(Predicate<String> keys) {
    this.failReads = keys;
  }

  void clear() {
    putMatches = k -> false;
    failReads = k -> false;
  }

  @Override
  public boolean putIfAbsent(String key, byte[] content) {
    if (putMatches.test(key)) {
      return putHook.put(key, content, () -> delegate.putIfAbsent(key, content));
    }
    return delegate.putIfAbsent(key, content);
  }

  @Override
  public byte[] read(String key) {
    if (failReads.test(key)) {
      throw new io.datashard.exceptions.StorageException(
          "injected read failure of " + key, new java.io.IOException("connection reset"));
    }
    return delegate.read(key);
  }

  @Override
  public String type() {
    return delegate.type();
  }

  @Override
  public String uri(String key) {
    return delegate.uri(key);
  }

  @Override
  public String keyOf(String uri) {
    return delegate.keyOf(uri);
  }

  @Override
  public void put(String key, byte[] content) {
    delegate.put(key, content);
  }

  @Override
  public PositionOutputStream create(String key) {
    return delegate.create(key);
  }

  @Override
  public byte[] readRange(String key, long offset, int length) {
    return delegate.readRange(key, offset, length);
  }

  @Override
  public SeekableInputStream open(String key) {
    return delegate.open(key);
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    return delegate.stat(key);
  }

  @Override
  public List<ObjectInfo> list(String prefix) {
    return delegate.list(prefix);
  }

  @Override
  public void delete(Collection<String> keys) {
    delegate.delete(keys);
  }

  @Override
  public void close() {
    delegate.close();
  }
}

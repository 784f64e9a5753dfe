package io.datashard.testing;

import io.datashard.exceptions.ObjectNotFoundException;
import io.datashard.exceptions.StorageException;
import io.datashard.spi.ObjectInfo;
import io.datashard.spi.PositionOutputStream;
import io.datashard.spi.SeekableInputStream;
import io.datashard.spi.StorageBackend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test-only {@link StorageBackend} over a map in memory. URIs are {@code mem://<key>}; streamed
 * writes are buffered and published atomically on close, as the contract requires.
 */
public final class InMemoryStorageBackend implements StorageBackend {
  private static final String SCHEME = "mem://";

  private final Map<String, Stored> objects = new ConcurrentHashMap<>();

  private static final class Stored {
    final byte[] content;
    final long modified;

    Stored(byte[] content) {
      this.content = content;
      this.modified = System.currentTimeMillis();
    }
  }

  @Override
  public String type() {
    return "memory";
  }

  @Override
  public String uri(String key) {
    return SCHEME + key;
  }

  @Override
  public String keyOf(String uri) {
    if (!uri.startsWith(SCHEME)) {
      throw new StorageException("URI " + uri + " is not under " + SCHEME, null);
    }
    return uri.substring(SCHEME.length());
  }

  @Override
  public boolean putIfAbsent(String key, byte[] content) {
    return objects.putIfAbsent(key, new Stored(content.clone())) == null;
  }

  @Override
  public void put(String key, byte[] content) {
    objects.put(key, new Stored(content.clone()));
  }

  @Override
  public PositionOutputStream create(String key) {
    return new PositionOutputStream() {
      private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      private boolean finished;

      @Override
      public long position() {
        return buffer.size();
      }

      @Override
      public void write(int b) throws IOException {
        check();
        buffer.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        check();
        buffer.write(b, off, len);
      }

      private void check() throws IOException {
        if (finished) {
          throw new IOException("Stream for " + key + " is closed");
        }
      }

      @Override
      public void close() {
        if (!finished) {
          finished = true;
          objects.put(key, new Stored(buffer.toByteArray()));
        }
      }

      @Override
      public void abort() {
        finished = true;
      }
    };
  }

  @Override
  public byte[] read(String key) {
    return get(key).clone();
  }

  @Override
  public byte[] readRange(String key, long offset, int length) {
    byte[] content = get(key);
    if (offset < 0 || offset + length > content.length) {
      throw new StorageException(
          "Range " + offset + "+" + length + " lies beyond the end of " + uri(key), null);
    }
    return Arrays.copyOfRange(content, (int) offset, (int) offset + length);
  }

  @Override
  public SeekableInputStream open(String key) {
    byte[] content = get(key);
    return new SeekableInputStream() {
      private int pos;

      @Override
      public long length() {
        return content.length;
      }

      @Override
      public long position() {
        return pos;
      }

      @Override
      public void seek(long offset) throws IOException {
        if (offset < 0 || offset > content.length) {
          throw new IOException("Cannot seek to " + offset + " in " + content.length + " bytes");
        }
        pos = (int) offset;
      }

      @Override
      public int read() {
        return pos < content.length ? content[pos++] & 0xFF : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (len == 0) {
          return 0;
        }
        if (pos >= content.length) {
          return -1;
        }
        int n = Math.min(len, content.length - pos);
        System.arraycopy(content, pos, b, off, n);
        pos += n;
        return n;
      }
    };
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    Stored s = objects.get(key);
    return s == null
        ? Optional.empty()
        : Optional.of(new ObjectInfo(key, s.content.length, s.modified));
  }

  @Override
  public List<ObjectInfo> list(String prefix) {
    List<ObjectInfo> out = new ArrayList<>();
    objects.forEach(
        (k, s) -> {
          if (k.startsWith(prefix)) {
            out.add(new ObjectInfo(k, s.content.length, s.modified));
          }
        });
    return out;
  }

  @Override
  public void delete(Collection<String> keys) {
    keys.forEach(objects::remove);
  }

  @Override
  public void close() {}

  /** Test helper: the keys currently stored. */
  public java.util.Set<String> keys() {
    return new java.util.TreeSet<>(objects.keySet());
  }

  private byte[] get(String key) {
    Stored s = objects.get(key);
    if (s == null) {
      throw new ObjectNotFoundException(key, uri(key));
    }
    return s.content;
  }
}

package io.datashard.spi;

import java.util.Objects;

/** What a listing or a stat knows about one stored object. Immutable. */
public final class ObjectInfo {
  private final String key;
  private final long size;
  private final long lastModifiedMillis;

  public ObjectInfo(String key, long size, long lastModifiedMillis) {
    this.key = Objects.requireNonNull(key, "key");
    this.size = size;
    this.lastModifiedMillis = lastModifiedMillis;
  }

  /** The object's key, relative to the backend root, '/'-separated. */
  public String key() {
    return key;
  }

  /** Size in bytes. */
  public long size() {
    return size;
  }

  /** Last modification time in epoch milliseconds. */
  public long lastModifiedMillis() {
    return lastModifiedMillis;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ObjectInfo)) {
      return false;
    }
    ObjectInfo that = (ObjectInfo) o;
    return key.equals(that.key) && size == that.size
        && lastModifiedMillis == that.lastModifiedMillis;
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, size, lastModifiedMillis);
  }

  @Override
  public String toString() {
    return key + " (" + size + " bytes)";
  }
}

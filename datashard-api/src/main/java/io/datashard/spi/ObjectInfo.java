package io.datashard.spi;

import java.util.Map;
import java.util.Objects;

/**
 * What a listing or a stat knows about one stored object. Immutable. Equality compares the key,
 * size and modification time only: a listing does not fetch metadata, a stat may, and both
 * describe the same object.
 */
public final class ObjectInfo {
  /**
   * The metadata name of the lower-case hex SHA-256 of an object's bytes, recorded by backends
   * that know it before the object is published (see {@link StorageBackend#create(String, Map)}).
   */
  public static final String CONTENT_SHA256 = "content-sha256";

  private final String key;
  private final long size;
  private final long lastModifiedMillis;
  private final Map<String, String> metadata;

  /** An object with no known metadata. */
  public ObjectInfo(String key, long size, long lastModifiedMillis) {
    this(key, size, lastModifiedMillis, Map.of());
  }

  /** An object with the metadata stored with it (names as given to create, without prefixes). */
  public ObjectInfo(String key, long size, long lastModifiedMillis, Map<String, String> metadata) {
    this.key = Objects.requireNonNull(key, "key");
    this.size = size;
    this.lastModifiedMillis = lastModifiedMillis;
    this.metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
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

  /**
   * The metadata stored with the object, by name; empty when the backend stores none or the
   * answer came from a listing (which does not fetch it).
   */
  public Map<String, String> metadata() {
    return metadata;
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

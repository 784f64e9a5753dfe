package io.datashard.spi;

import java.net.URI;
import java.time.Duration;

/**
 * An optional capability of a {@link StorageBackend}: time-limited URLs that let a client without
 * credentials read or write one object over plain HTTP(S). Backends on object stores (S3)
 * implement it; the local backend does not.
 */
public interface SupportsPresign {
  /** The longest expiry the backend can sign (7 days for S3 with SigV4). */
  Duration maxPresignExpiry();

  /**
   * A URL for {@code GET} of the object at {@code key}, valid for {@code expiry}.
   *
   * @throws IllegalArgumentException if the expiry is not positive or exceeds {@link
   *     #maxPresignExpiry()}
   */
  URI presignGet(String key, Duration expiry);

  /**
   * A URL for {@code PUT} of an object at {@code key} (an upload target), valid for {@code expiry}.
   * The upload must send {@code Content-Type: application/octet-stream}.
   *
   * @throws IllegalArgumentException if the expiry is not positive or exceeds {@link
   *     #maxPresignExpiry()}
   */
  URI presignPut(String key, Duration expiry);

  /** Checks an expiry against {@code max}, with a message naming both. */
  static void checkExpiry(Duration expiry, Duration max) {
    if (expiry == null || expiry.isNegative() || expiry.isZero() || expiry.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          "Presigned URL expiry " + expiry + " must be positive and at most " + max
              + " (the storage backend's maximum)");
    }
  }
}

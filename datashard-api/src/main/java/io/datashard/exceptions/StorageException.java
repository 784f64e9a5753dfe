package io.datashard.exceptions;

/**
 * A storage backend operation failed (I/O error, missing bucket, access denied, endpoint
 * unreachable). The cause is the backend's own exception; the message names the object or
 * location and, where known, what to do.
 */
public class StorageException extends DataShardException {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  public StorageException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /**
   * @param retryable true when repeating the same operation may succeed (throttling, a transient
   *     network error)
   */
  public StorageException(String message, Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** True when repeating the same operation may succeed. */
  public boolean isRetryable() {
    return retryable;
  }
}

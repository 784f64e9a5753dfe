package io.datashard.exceptions;

/**
 * Base of every exception DataShard throws on purpose. Messages state the problem, the cause and
 * what to do about it.
 */
public class DataShardException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DataShardException(String message) {
    super(message);
  }

  public DataShardException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.datashard.exceptions;

/** A table name is not valid (empty segments, {@code ..}, absolute paths, bad characters). */
public class InvalidTableNameException extends DataShardException {
  private static final long serialVersionUID = 1L;

  public InvalidTableNameException(String message) {
    super(message);
  }
}

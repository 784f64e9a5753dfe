package io.datashard.exceptions;

/** {@code createTable} was asked for a name that already holds a table. */
public class TableAlreadyExistsException extends DataShardException {
  private static final long serialVersionUID = 1L;

  public TableAlreadyExistsException(String message) {
    super(message);
  }
}

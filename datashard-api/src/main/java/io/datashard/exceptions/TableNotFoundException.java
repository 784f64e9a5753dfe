package io.datashard.exceptions;

/** The named table does not exist in the warehouse. */
public class TableNotFoundException extends DataShardException {
  private static final long serialVersionUID = 1L;

  public TableNotFoundException(String message) {
    super(message);
  }
}

package io.datashard.exceptions;

/**
 * A record does not fit the table's schema: a missing required field, an unknown field, a null in
 * a required field, a value of the wrong Java type or out of the type's range. The message names
 * the record (by index in the batch), the field and the expected type. Nothing was committed.
 */
public class SchemaMismatchException extends DataShardException {
  private static final long serialVersionUID = 1L;

  public SchemaMismatchException(String message) {
    super(message);
  }
}

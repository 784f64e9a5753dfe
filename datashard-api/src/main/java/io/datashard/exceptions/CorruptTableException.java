package io.datashard.exceptions;

/**
 * A table file is corrupt, truncated or missing: metadata JSON that does not parse, a manifest
 * whose length differs from the length recorded in its manifest list, a data file referenced by a
 * snapshot that is gone. The message names the file.
 */
public class CorruptTableException extends DataShardException {
  private static final long serialVersionUID = 1L;

  public CorruptTableException(String message) {
    super(message);
  }

  public CorruptTableException(String message, Throwable cause) {
    super(message, cause);
  }
}

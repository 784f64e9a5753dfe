package io.datashard.exceptions;

/**
 * A commit could not be applied: either other writers kept winning until the retry budget
 * (attempts or time) ran out, or a concurrent change made this commit invalid. Nothing of this
 * commit is visible; it is safe to retry the whole operation.
 */
public class CommitConflictException extends DataShardException {
  private static final long serialVersionUID = 1L;

  public CommitConflictException(String message) {
    super(message);
  }

  public CommitConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.datashard.exceptions;

/**
 * The commit point was attempted but neither its result nor a re-read of the table could tell
 * whether it took effect. The commit may or may not be visible: check the table's snapshots for
 * the commit id carried by this exception before retrying, or data may be appended twice.
 */
public class CommitStateUnknownException extends DataShardException {
  private static final long serialVersionUID = 1L;
  private final String commitId;

  public CommitStateUnknownException(String message, String commitId, Throwable cause) {
    super(message, cause);
    this.commitId = commitId;
  }

  /** The commit id to look for in {@code snapshot.summary().get("datashard.commit-id")}. */
  public String commitId() {
    return commitId;
  }
}

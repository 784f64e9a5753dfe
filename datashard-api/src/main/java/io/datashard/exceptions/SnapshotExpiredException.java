package io.datashard.exceptions;

/**
 * Time travel reached further back than the snapshots the table's metadata still lists. Each
 * commit keeps only the newest {@code history.max-snapshots} snapshots (default 100) so that the
 * metadata stays small; older snapshots are dropped from the metadata (their files are not
 * deleted). The message names the setting to raise.
 */
public class SnapshotExpiredException extends DataShardException {
  private static final long serialVersionUID = 1L;

  public SnapshotExpiredException(String message) {
    super(message);
  }
}

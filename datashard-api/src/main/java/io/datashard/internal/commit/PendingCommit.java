package io.datashard.internal.commit;

import io.datashard.internal.metadata.TableMetadata;
import io.datashard.internal.table.TableOperations.VersionedMetadata;

/**
 * One change being committed (an append today; overwrite and delete later). The {@link
 * Committer} calls it once per attempt; it must be cheap to re-apply because files written once
 * (data files, manifests) are reused across attempts and only the manifest list is rewritten.
 */
public interface PendingCommit {
  /** The unique id recorded in the snapshot summary, by which the writer recognises its commit. */
  String commitId();


  /**
   * Checks the change still makes sense on a newer base (appends never conflict with appends; an
   * overwrite conflicts when a file it replaces changed).
   *
   * @throws io.datashard.exceptions.CommitConflictException if it does not
   */
  void validate(VersionedMetadata base);

  /**
   * Writes, and waits until durable, everything of the change that does not depend on the
   * version it will be based on (for an append: its data files and its manifest). Called once,
   * before the commit takes a cross-process lock, so that this work never lengthens the time the
   * lock is held; not called otherwise, so that on an object store these uploads still go up
   * together with the manifest list. A failure here is a definite failure before the commit
   * point.
   */
  default void prepare() {}

  /** Writes this attempt's files (the manifest list) and returns the new metadata. */
  TableMetadata apply(VersionedMetadata base, int attempt);

  /**
   * Waits until every file {@link #apply} started writing is durable. The committer calls it
   * after {@code apply} and before the commit point; a failure here is a definite failure before
   * the commit point. Separate from {@code apply} so that a group can start all its members'
   * writes before waiting for any of them.
   */
  default void awaitWrites() {}

  /** The attempt definitely lost: its own files are unreferenced and may be deleted. */
  void attemptLost(int attempt);

  /** The commit definitely did not and will not happen: delete everything it wrote. */
  void abort();
}

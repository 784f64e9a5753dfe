package io.datashard.internal.commit;

import io.datashard.internal.metadata.TableMetadata;
import io.datashard.internal.table.TableOperations.VersionedMetadata;
import java.util.List;

/**
 * Several changes from threads of one process committed in one metadata version (group commit).
 * Each member keeps its own snapshot, commit id and summary: the members are applied one after
 * the other, each on the metadata the previous one produced, so the new version holds a chain of
 * snapshots exactly as if they had been committed one by one — but the chain costs one
 * conditional create instead of one per member. All members land together or none does, because
 * they are in the same file; so the echo check (did an earlier try of ours land?) looks for one
 * member's commit id: the last one's, see {@link #commitId()}.
 */
public final class CommitGroup implements PendingCommit {
  private final List<? extends PendingCommit> members;

  public CommitGroup(List<? extends PendingCommit> members) {
    if (members.size() < 2) {
      throw new IllegalArgumentException("A commit group needs at least two members");
    }
    this.members = List.copyOf(members);
  }

  public List<? extends PendingCommit> members() {
    return members;
  }

  /**
   * The last member's commit id: its snapshot is the one the new version makes current (and the
   * one a superseded-version stub records), and since the members land together or not at all,
   * finding it in a version is finding the whole group there.
   */
  @Override
  public String commitId() {
    return members.get(members.size() - 1).commitId();
  }

  @Override
  public void validate(VersionedMetadata base) {
    for (PendingCommit m : members) {
      m.validate(base);
    }
  }

  @Override
  public TableMetadata apply(VersionedMetadata base, int attempt) {
    // Every member sees the same base version (the file this version replaces), but the metadata
    // the previous member produced, so its snapshot's parent and sequence number follow on.
    TableMetadata metadata = base.metadata();
    for (PendingCommit m : members) {
      metadata = m.apply(new VersionedMetadata(base.version(), metadata), attempt);
    }
    return metadata;
  }

  /** All members' writes were started by {@link #apply}; they go up together. */
  @Override
  public void awaitWrites() {
    for (PendingCommit m : members) {
      m.awaitWrites();
    }
  }

  @Override
  public void attemptLost(int attempt) {
    members.forEach(m -> m.attemptLost(attempt));
  }

  @Override
  public void abort() {
    members.forEach(PendingCommit::abort);
  }
}

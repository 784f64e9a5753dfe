package io.datashard.internal.commit;

import io.datashard.exceptions.CommitConflictException;
import io.datashard.exceptions.CommitStateUnknownException;
import io.datashard.exceptions.StorageException;
import io.datashard.exceptions.StorageRejectedException;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.internal.metadata.TableMetadataParser;
import io.datashard.internal.table.TableOperations;
import io.datashard.Snapshot;
import io.datashard.internal.table.TableOperations.VersionFile;
import io.datashard.internal.table.TableOperations.VersionedMetadata;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit protocol (DESIGN §4), as one state machine. Each attempt:
 *
 * <ol>
 *   <li>validates the change against the base and applies it, writing a fresh manifest list, and
 *       waits until everything the change wrote is durable;
 *   <li>creates {@code v<N+1>.metadata.json} only if absent: the single commit point;
 *   <li><b>won</b> (created): queue the hint update (best effort, off the critical path) and
 *       return;
 *   <li><b>lost or echo</b> (already exists): read {@code v<N+1>}. If it carries our commit id,
 *       an earlier try of the same write landed and its response was lost (an SDK retry sees its
 *       own object): that is a win, never a second append. This holds even when {@code v<N+1>}
 *       was meanwhile superseded and replaced by a stub, which keeps the version's snapshot and
 *       commit id. Otherwise another writer won: rebase onto the newest version, back off with
 *       jitter, try again;
 *   <li><b>rejected</b> (the store refused the write outright, {@link StorageRejectedException}):
 *       nothing landed; fail at once;
 *   <li><b>unknown</b> (the write threw anything else): read {@code v<N+1>} to learn the outcome as in 4; if it
 *       does not exist the write did not land (yet) and the same version is tried again; if even
 *       the read fails the outcome stays unknown and {@link CommitStateUnknownException} is
 *       thrown, naming the commit id to look for.
 * </ol>
 *
 * <p>Attempts are bounded by count and time ({@link RetryPolicy}). After a definite failure
 * everything the commit wrote is deleted; after an unknown outcome nothing is deleted, because a
 * write still in flight could yet make those files referenced.
 */
public final class Committer {
  private static final Logger LOG = LoggerFactory.getLogger(Committer.class);
  private static final int OUTCOME_READ_TRIES = 3;

  private final TableOperations ops;
  private final RetryPolicy policy;

  public Committer(TableOperations ops, RetryPolicy policy) {
    this.ops = ops;
    this.policy = policy;
  }

  /**
   * Commits {@code change} on top of {@code base} (or a newer version).
   *
   * @return the version it committed (or a newer one) and the snapshot it committed
   */
  public CommitResult commit(VersionedMetadata base, PendingCommit change) {
    long start = System.nanoTime();
    boolean unknownOutstanding = false;
    StorageException lastUnknown = null;
    int attempt = 0;
    VersionedMetadata current = base;
    while (true) {
      attempt++;
      try {
        change.validate(current);
      } catch (CommitConflictException e) {
        abortIfSafe(change, unknownOutstanding);
        throw e;
      }
      TableMetadata next;
      int version = current.version() + 1;
      io.datashard.spi.StagedPut staged = null;
      try {
        next = change.apply(current, attempt);
        // The version file is serialised and staged (locally: written and fsynced under a
        // temporary name) while this attempt's manifest list is still being written, so that
        // only the commit point itself waits for the list to be durable.
        byte[] json = TableMetadataParser.toJson(next).getBytes(StandardCharsets.UTF_8);
        staged = ops.stageCommit(version, json);
        change.awaitWrites();
      } catch (RuntimeException e) {
        // Writing this attempt's files failed before the commit point: a definite failure.
        if (staged != null) {
          staged.abort();
        }
        abortIfSafe(change, unknownOutstanding);
        throw e;
      }

      boolean created;
      try {
        created = staged.commit();
      } catch (StorageRejectedException e) {
        // The store refused the commit point outright (e.g. access denied): nothing landed and
        // retrying cannot help, so fail now rather than spend the retry budget.
        abortIfSafe(change, unknownOutstanding);
        throw e;
      } catch (StorageException e) {
        // Case 5: the write may or may not have landed.
        LOG.warn("Commit {} of table '{}': outcome of writing v{} unknown ({}); re-reading",
            change.commitId(), ops.name(), version, e.getMessage());
        unknownOutstanding = true;
        lastUnknown = e;
        created = false;
      }
      if (created) {
        ops.writeHint(version, next.tableUuid());
        return new CommitResult(new VersionedMetadata(version, next),
            next.snapshotByCommitId(change.commitId()));
      }

      VersionFile atVersion = readOutcome(version, change, lastUnknown);
      Snapshot ours = atVersion == null ? null : atVersion.snapshotByCommitId(change.commitId());
      if (ours != null && atVersion instanceof VersionedMetadata full) {
        // Case 4, echo: our own earlier write is the one that is there.
        ops.writeHint(version, full.metadata().tableUuid());
        return new CommitResult(full, ours);
      }
      if (ours != null) {
        // Case 4, echo found in a stub: our write landed, and so many commits followed it that
        // the version was already superseded. A success all the same; never rebase (that would
        // append twice). The hint is left alone: it is already past this version.
        return new CommitResult(latestAfterEcho(version, change), ours);
      }
      if (atVersion != null) {
        // Case 4, lost: another writer took this version. Our attempt's files are unreferenced,
        // and no write of ours can land on this version any more.
        change.attemptLost(attempt);
        unknownOutstanding = false;
        current = atVersion instanceof VersionedMetadata full
            ? ops.refresh(full) : ops.loadLatest();
      }
      // else case 5 with nothing there: retry the same version.

      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      if (attempt >= policy.maxAttempts() || elapsedMs >= policy.timeoutMillis()) {
        if (unknownOutstanding) {
          throw new CommitStateUnknownException(
              "Commit " + change.commitId() + " to table '" + ops.name() + "' gave up after "
                  + attempt + " attempts with the outcome of its last write unknown ("
                  + lastUnknown.getMessage() + "). It may still become visible: look for "
                  + "datashard.commit-id=" + change.commitId() + " in the table's snapshots "
                  + "before retrying, or the data may be appended twice",
              change.commitId(), lastUnknown);
        }
        change.abort();
        throw new CommitConflictException(
            "Gave up committing to table '" + ops.name() + "' after " + attempt + " attempts in "
                + elapsedMs + " ms: other writers kept winning the race for the next version."
                + " Nothing from this commit is visible and it is safe to retry; to wait longer,"
                + " raise commit.max.attempts (DATASHARD_COMMIT_MAX_ATTEMPTS, now "
                + policy.maxAttempts() + ") or commit.timeout.ms (DATASHARD_COMMIT_TIMEOUT_MS, now "
                + policy.timeoutMillis() + ")");
      }
      sleep(policy.backoffMillis(attempt), change, unknownOutstanding);
    }
  }

  /**
   * The latest metadata after our commit was found in the stub of {@code version}. The commit is
   * certain; if even this read fails the caller must not retry it, and the message says so.
   */
  private VersionedMetadata latestAfterEcho(int version, PendingCommit change) {
    try {
      return ops.loadLatest();
    } catch (StorageException e) {
      throw new CommitStateUnknownException(
          "Commit " + change.commitId() + " to table '" + ops.name() + "' landed as version "
              + version + ", but reading the table's latest version afterwards failed ("
              + e.getMessage() + "). The data IS committed: do not retry this commit",
          change.commitId(), e);
    }
  }

  /**
   * Reads {@code v<version>} to learn who holds it; null when it does not exist, its stub when it
   * was already superseded. Retries the read a few times, then gives up with {@link
   * CommitStateUnknownException}.
   */
  private VersionFile readOutcome(
      int version, PendingCommit change, StorageException writeFailure) {
    StorageException last = null;
    for (int i = 0; i < OUTCOME_READ_TRIES; i++) {
      try {
        return ops.readFile(version);
      } catch (StorageException e) {
        last = e;
        sleep(policy.backoffMillis(i + 1), change, true);
      }
    }
    if (writeFailure == null) {
      throw new CommitStateUnknownException(
          "Commit " + change.commitId() + " to table '" + ops.name() + "' found v" + version
              + " already written but could not read it to check who wrote it (" + last.getMessage()
              + "). Look for datashard.commit-id=" + change.commitId()
              + " in the table's snapshots before retrying",
          change.commitId(), last);
    }
    throw new CommitStateUnknownException(
        "Commit " + change.commitId() + " to table '" + ops.name() + "': writing v" + version
            + " failed with an unknown outcome (" + writeFailure.getMessage()
            + ") and re-reading it failed too (" + last.getMessage() + "). Look for "
            + "datashard.commit-id=" + change.commitId() + " in the table's snapshots before"
            + " retrying, or the data may be appended twice",
        change.commitId(), last);
  }

  /**
   * The outcome of a commit: the version it produced (or a newer one, when the commit was only
   * recognised after the fact) and the snapshot it committed.
   */
  public record CommitResult(VersionedMetadata metadata, Snapshot snapshot) {}

  private static void abortIfSafe(PendingCommit change, boolean unknownOutstanding) {
    if (!unknownOutstanding) {
      change.abort();
    }
  }

  private void sleep(long millis, PendingCommit change, boolean unknownOutstanding) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (unknownOutstanding) {
        throw new CommitStateUnknownException(
            "Interrupted while committing " + change.commitId() + " to table '" + ops.name()
                + "' with the outcome of a write unknown: look for datashard.commit-id="
                + change.commitId() + " in the table's snapshots before retrying",
            change.commitId(), null);
      }
      change.abort();
      throw new CommitConflictException(
          "Interrupted while backing off between commit attempts to table '" + ops.name()
              + "'; nothing was committed", e);
    }
  }
}

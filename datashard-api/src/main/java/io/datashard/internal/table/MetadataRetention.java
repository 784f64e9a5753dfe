package io.datashard.internal.table;

import io.datashard.DataShardConfig;
import io.datashard.exceptions.DataShardException;
import io.datashard.internal.io.BackgroundWrites;
import io.datashard.internal.metadata.SupersededMetadata;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.internal.table.TableOperations.VersionFile;
import io.datashard.internal.table.TableOperations.VersionedMetadata;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a table's metadata bounded after each commit (DESIGN §9.5): the version that just fell
 * out of the metadata-log is replaced by a small stub ({@link SupersededMetadata}). Nothing is
 * ever deleted: the commit point is a put-if-absent on {@code v<N>}, so a deleted version could
 * be re-created by a writer that is far behind, forking the history (DESIGN §9.1).
 *
 * <p>Runs after the commit, outside the per-JVM commit lock and, in a warehouse, on its background
 * threads (so {@code Warehouse.awaitBackgroundWrites()} and {@code close()} wait for it), and is best effort: a failure is
 * logged and costs only the bytes of one full metadata file. It never stubs the version it was
 * given nor anything listed in that version's metadata-log, so every version a reader can reach
 * through the log stays whole.
 */
final class MetadataRetention {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataRetention.class);
  private static final Pattern VERSION_URI = Pattern.compile("/v(\\d+)\\.metadata\\.json$");

  /**
   * The two retention settings, validated.
   *
   * @param maxSnapshots snapshots each commit keeps, 0 for all
   * @param previousVersionsMax previous metadata files the metadata-log lists, at least 1
   */
  record Settings(int maxSnapshots, int previousVersionsMax) {
    /** @throws io.datashard.exceptions.DataShardException naming the key of a bad value */
    static Settings from(DataShardConfig config) {
      return new Settings(
          (int) config.getLong(DataShardConfig.HISTORY_MAX_SNAPSHOTS,
              TableMetadata.DEFAULT_MAX_SNAPSHOTS, 0, Integer.MAX_VALUE),
          (int) config.getLong(DataShardConfig.METADATA_PREVIOUS_VERSIONS_MAX,
              TableMetadata.DEFAULT_METADATA_LOG_SIZE, 1, 100_000));
    }
  }

  private final TableOperations ops;

  private final SharedTableState shared;

  MetadataRetention(TableOperations ops, SharedTableState shared) {
    this.ops = ops;
    this.shared = shared;
  }

  /** Validates the settings without building anything (for fail-fast checks at start). */
  static void check(DataShardConfig config) {
    Settings.from(config);
  }

  /**
   * Stubs the version that fell out of {@code committed}'s metadata-log: in the background when
   * the table belongs to a warehouse with background writes (one PUT, plus a GET when this
   * process does not know that version, that an append need not wait for), otherwise now. Each
   * version is stubbed once per process, although every member of a group commit reports the
   * same committed version.
   */
  void afterCommit(VersionedMetadata committed) {
    String uuid = committed.metadata().tableUuid();
    // Remember this version's stub: when it falls out of the log in a few commits, a writer of
    // this process can stub it without reading it back (one request less on S3).
    shared.rememberStub(SupersededMetadata.of(committed.version(), committed.metadata()));
    int target = versionBeforeLog(committed);
    if (target < 1 || !shared.claimStub(target, uuid)) {
      return;
    }
    BackgroundWrites background = ops.background();
    if (background == null) {
      stub(target, uuid);
      return;
    }
    try {
      background.runLater("the stub of a superseded version of table '" + ops.name() + "'",
          () -> stub(target, uuid));
    } catch (DataShardException e) {
      // The warehouse is closing: a missed stub only costs the bytes of one full file.
      LOG.debug("Not stubbing after a commit to table '{}': {}", ops.name(), e.getMessage());
    }
  }

  /** Replaces {@code target} by its stub if it is still a full file; failures are logged. */
  private void stub(int target, String uuid) {
    try {
      SupersededMetadata known = shared.knownStub(target, uuid);
      if (known != null) {
        ops.writeStub(known);
        return;
      }
      VersionFile file = ops.readFile(target);
      if (file instanceof VersionedMetadata full) {
        ops.writeStub(SupersededMetadata.of(target, full.metadata()));
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not replace superseded metadata version {} of table '{}' by its stub (it"
          + " stays whole, which only costs space): {}", target, ops.name(), e.toString());
    }
  }

  /**
   * The version that just fell out of the log: one before the oldest entry, provided the oldest
   * entry is one of this table's own version files. 0 when there is none, or when the log names
   * files of another location (then nothing is stubbed rather than guessed).
   */
  private int versionBeforeLog(VersionedMetadata committed) {
    List<TableMetadata.MetadataLogEntry> log = committed.metadata().metadataLog();
    if (log.isEmpty()) {
      return 0;
    }
    String oldest = log.get(0).file();
    int oldestVersion = versionOf(oldest, committed.version());
    if (oldestVersion < 2) {
      return 0;
    }
    int target = oldestVersion - 1;
    String targetUri = ops.backend().uri(ops.versionKey(target));
    for (TableMetadata.MetadataLogEntry e : log) {
      if (e.file().equals(targetUri)) {
        return 0; // listed after all (a log out of order): leave it whole
      }
    }
    return target;
  }

  /**
   * The version number of a URI that is one of this table's version files below {@code newest};
   * 0 for anything else.
   */
  private int versionOf(String uri, int newest) {
    Matcher m = VERSION_URI.matcher(uri);
    if (!m.find()) {
      return 0;
    }
    int v;
    try {
      v = Integer.parseInt(m.group(1));
    } catch (NumberFormatException e) {
      return 0; // more digits than an int holds: not one of our versions
    }
    boolean ours = v >= 1 && v < newest && ops.backend().uri(ops.versionKey(v)).equals(uri);
    return ours ? v : 0;
  }
}

package io.datashard.internal.table;

import com.fasterxml.jackson.databind.JsonNode;
import io.datashard.Snapshot;
import io.datashard.exceptions.CorruptTableException;
import io.datashard.exceptions.DataShardException;
import io.datashard.exceptions.ObjectNotFoundException;
import io.datashard.exceptions.StorageException;
import io.datashard.internal.io.BackgroundWrites;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.internal.json.Json;
import io.datashard.internal.metadata.SupersededMetadata;
import io.datashard.internal.metadata.SupersededMetadataParser;
import io.datashard.internal.metadata.TableMetadataParser;
import io.datashard.spi.ObjectInfo;
import io.datashard.spi.StorageBackend;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of one table and how versions are found and committed (DESIGN §4):
 *
 * <pre>
 * &lt;table&gt;/metadata/v&lt;N&gt;.metadata.json   one file per version; replaced by a stub once superseded
 * &lt;table&gt;/metadata/version-hint.text      the latest N, a hint only
 * &lt;table&gt;/data/...                         Parquet data files
 * </pre>
 *
 * <p>The latest version is found by reading the hint and then probing forward until a version is
 * missing, so a stale or missing hint never hides a commit. {@link #tryCommit} is the single
 * commit point: a put-if-absent of {@code v<N+1>}. Versions that fell out of the metadata-log are
 * replaced by stubs ({@link SupersededMetadata}) but never deleted; every reader here handles
 * them. The hint is written after the commit point, in the background when the operations belong
 * to a warehouse ({@link VersionHints}), so it costs a commit no time.
 */
public final class TableOperations {
  private static final Logger LOG = LoggerFactory.getLogger(TableOperations.class);
  private static final Pattern VERSION_FILE = Pattern.compile("v(\\d+)\\.metadata\\.json");
  /** Listings {@link #loadLatest} may start over from before it gives up. */
  private static final int MAX_LOAD_ROUNDS = 5;

  private final StorageBackend backend;
  private final String name;
  private final VersionHints hints;

  /** Operations that write the version hint in place, before a commit returns. */
  public TableOperations(StorageBackend backend, String name) {
    this(backend, name, null);
  }

  /** Operations that hand version hints to {@code hints} (null: write them in place). */
  public TableOperations(StorageBackend backend, String name, VersionHints hints) {
    this.backend = backend;
    this.name = name;
    this.hints = hints;
  }

  /** The warehouse's background writes, or null when everything is written in place. */
  public BackgroundWrites background() {
    return hints == null ? null : hints.writes();
  }

  public StorageBackend backend() {
    return backend;
  }

  /** The table's name, which is also its key prefix. */
  public String name() {
    return name;
  }

  public String metadataPrefix() {
    return name + "/metadata/";
  }

  public String dataPrefix() {
    return name + "/data/";
  }

  public String versionKey(int version) {
    return metadataPrefix() + "v" + version + ".metadata.json";
  }

  public String hintKey() {
    return metadataPrefix() + "version-hint.text";
  }

  /** The URI of the table's root, recorded as its location. */
  public String location() {
    return backend.uri(name);
  }

  /**
   * The latest committed version, or null if the table has no metadata at all.
   *
   * <p>Starts from the hint and probes forward. A hint that is missing, unreadable, or names a
   * version that is gone or already superseded (a stub) is ignored in favour of a listing. When
   * the probe itself meets a stub, the table moved on by more than the metadata-log while this
   * call was reading, and it starts over from a fresh listing.
   *
   * @throws CorruptTableException if the latest metadata file cannot be parsed
   */
  public VersionedMetadata loadLatest() {
    int start = readHint();
    for (int round = 1; ; round++) {
      VersionFile file = start >= 1 ? readFile(start) : null;
      if (!(file instanceof VersionedMetadata)) {
        start = highestListedVersion();
        if (start < 1) {
          return null;
        }
        file = readFile(start);
        if (file == null) {
          throw missing(start);
        }
      }
      if (file instanceof VersionedMetadata full) {
        VersionedMetadata latest = probeForward(full);
        if (latest != null) {
          return latest;
        }
      }
      if (round >= MAX_LOAD_ROUNDS) {
        throw new DataShardException(
            "Could not load the latest version of table '" + name + "': it moved on by more than"
                + " its metadata-log (write.metadata.previous-versions-max) " + round + " times"
                + " while being read, so every version found was already superseded. Retry;"
                + " if this persists, raise write.metadata.previous-versions-max"
                + " (DATASHARD_WRITE_METADATA_PREVIOUS_VERSIONS_MAX)");
      }
      start = -1;
    }
  }

  /**
   * The newest version at or after {@code known}, reading only versions newer than it (or, if
   * one of those was already superseded, whatever {@link #loadLatest} finds).
   */
  public VersionedMetadata refresh(VersionedMetadata known) {
    VersionedMetadata latest = probeForward(known);
    return latest != null ? latest : loadLatest();
  }

  /**
   * The newest version at or after {@code known}, as {@link #refresh}, but parsing only the newest
   * of the versions that followed it: the ones in between are only checked to exist ({@link
   * StorageBackend#stat}). Meant for a committer holding the cross-process commit lock on a
   * local disk, where a stat costs microseconds and parsing each version other processes
   * committed meanwhile would lengthen the time the lock is held.
   */
  public VersionedMetadata latestSkippingAhead(VersionedMetadata known) {
    int last = known.version();
    while (backend.stat(versionKey(last + 1)).isPresent()) {
      last++;
    }
    if (last == known.version()) {
      return known;
    }
    VersionFile file = readFile(last);
    return file instanceof VersionedMetadata full ? refresh(full) : loadLatest();
  }

  /** Probes forward from a full version; null if it meets a stub. */
  private VersionedMetadata probeForward(VersionedMetadata from) {
    VersionedMetadata latest = from;
    while (true) {
      VersionFile next = readFile(latest.version() + 1);
      if (next == null) {
        return latest;
      }
      if (!(next instanceof VersionedMetadata full)) {
        return null;
      }
      latest = full;
    }
  }

  /**
   * Reads one version's full metadata.
   *
   * @throws CorruptTableException if it is missing or does not parse
   * @throws DataShardException if it was superseded by a stub
   */
  public VersionedMetadata read(int version) {
    VersionFile f = readFile(version);
    if (f == null) {
      throw missing(version);
    }
    return full(f);
  }

  /**
   * Reads one version's full metadata, or null if that version does not exist.
   *
   * @throws DataShardException if it was superseded by a stub
   */
  public VersionedMetadata readIfExists(int version) {
    VersionFile f = readFile(version);
    return f == null ? null : full(f);
  }

  /**
   * Reads one version file as it is: null if absent, else its full metadata or the stub that
   * replaced it.
   *
   * @throws CorruptTableException if it does not parse
   */
  public VersionFile readFile(int version) {
    String key = versionKey(version);
    byte[] bytes;
    try {
      bytes = backend.read(key);
    } catch (ObjectNotFoundException e) {
      return null;
    }
    try {
      JsonNode node = Json.parse("table metadata", new String(bytes, StandardCharsets.UTF_8));
      if (SupersededMetadataParser.isStub(node)) {
        return new Superseded(version, SupersededMetadataParser.fromJson(node));
      }
      return new VersionedMetadata(version, TableMetadataParser.fromJson(node));
    } catch (IllegalArgumentException e) {
      throw new CorruptTableException(
          "Table '" + name + "' metadata file " + backend.uri(key) + " is corrupt ("
              + e.getMessage() + "); it is " + bytes.length + " bytes. Restore it from a backup;"
              + " DataShard never writes partial metadata files, so something else modified it",
          e);
    }
  }

  private VersionedMetadata full(VersionFile f) {
    if (f instanceof VersionedMetadata full) {
      return full;
    }
    throw new DataShardException(
        "Table '" + name + "' metadata version " + f.version() + " ("
            + backend.uri(versionKey(f.version())) + ") was superseded: only the newest"
            + " write.metadata.previous-versions-max (DATASHARD_WRITE_METADATA_PREVIOUS_VERSIONS_MAX)"
            + " versions keep their full metadata, older ones are small stubs. Load the table's"
            + " latest version instead");
  }

  private CorruptTableException missing(int version) {
    return new CorruptTableException(
        "Table '" + name + "' metadata file " + backend.uri(versionKey(version))
            + " is missing although it was listed or hinted as committed: restore it from a"
            + " backup");
  }

  /**
   * Replaces a superseded version's file by its stub (an atomic replace: a reader sees the whole
   * file or the whole stub). The key keeps existing, so the version can never be committed again.
   */
  public void writeStub(SupersededMetadata stub) {
    backend.put(versionKey(stub.version()),
        SupersededMetadataParser.toJson(stub).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The commit point: creates {@code v<version>.metadata.json} only if absent.
   *
   * @return true if this call created it, false if the version already exists (another writer
   *     won, or an earlier attempt of ours whose response was lost)
   * @throws StorageException if the outcome is unknown
   */
  public boolean tryCommit(int version, byte[] metadataJson) {
    return backend.putIfAbsent(versionKey(version), metadataJson);
  }

  /**
   * {@link #tryCommit} in two steps: the backend stages {@code v<version>} now (the local backend
   * writes and fsyncs its temporary file) and {@link io.datashard.spi.StagedPut#commit()} is the
   * commit point.
   */
  public io.datashard.spi.StagedPut stageCommit(int version, byte[] metadataJson) {
    return backend.stagePutIfAbsent(versionKey(version), metadataJson);
  }

  /**
   * Records {@code version} of the table {@code tableUuid} in the version hint (DESIGN §4 step 4).
   * With a warehouse's {@link VersionHints} this only queues the write: it happens in the
   * background, newest version only, and never throws. Readers never trust the hint blindly, so
   * a late, lost or failed hint only costs them a probe.
   */
  public void writeHint(int version, String tableUuid) {
    if (hints == null) {
      putHint(version);
    } else {
      hints.request(this, version, tableUuid);
    }
  }

  /** Writes the hint now; a failure is logged, never thrown. Returns true if it was written. */
  boolean putHint(int version) {
    try {
      backend.put(hintKey(), Integer.toString(version).getBytes(StandardCharsets.US_ASCII));
      return true;
    } catch (StorageException e) {
      LOG.warn("Could not update {} to {} (readers will probe forward): {}",
          backend.uri(hintKey()), version, e.getMessage());
      return false;
    }
  }

  private int readHint() {
    try {
      String text = new String(backend.read(hintKey()), StandardCharsets.US_ASCII).trim();
      return Integer.parseInt(text);
    } catch (ObjectNotFoundException | NumberFormatException e) {
      return -1;
    }
  }

  /** The highest version present in a listing of the metadata folder, or 0 if none. */
  public int highestListedVersion() {
    int max = 0;
    String prefix = metadataPrefix();
    for (ObjectInfo o : backend.list(prefix)) {
      Matcher m = VERSION_FILE.matcher(o.key().substring(prefix.length()));
      if (m.matches()) {
        try {
          max = Math.max(max, Integer.parseInt(m.group(1)));
        } catch (NumberFormatException ignored) {
          // a name with more digits than an int holds is not one of our versions
        }
      }
    }
    return max;
  }

  /** What a version file holds: full metadata, or the stub of a superseded version. */
  public sealed interface VersionFile permits VersionedMetadata, Superseded {
    /** The version number. */
    int version();

    /** The snapshot this version recorded for this commit id, or null. */
    Snapshot snapshotByCommitId(String commitId);
  }

  /** A table's metadata together with the version number it was read from. */
  public record VersionedMetadata(int version, TableMetadata metadata) implements VersionFile {
    @Override
    public Snapshot snapshotByCommitId(String commitId) {
      return metadata.snapshotByCommitId(commitId);
    }
  }

  /** A version that fell out of the metadata-log and was replaced by a stub. */
  public record Superseded(int version, SupersededMetadata stub) implements VersionFile {
    @Override
    public Snapshot snapshotByCommitId(String commitId) {
      return stub.snapshotByCommitId(commitId);
    }
  }
}

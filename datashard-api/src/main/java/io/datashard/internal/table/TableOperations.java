package io.datashard.internal.table;

import io.datashard.exceptions.CorruptTableException;
import io.datashard.exceptions.ObjectNotFoundException;
import io.datashard.exceptions.StorageException;
import io.datashard.internal.io.BackgroundWrites;
import io.datashard.internal.metadata.TableMetadata;
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
 * &lt;table&gt;/metadata/v&lt;N&gt;.metadata.json   one file per version, never rewritten
 * &lt;table&gt;/metadata/version-hint.text      the latest N, a hint only
 * &lt;table&gt;/data/...                         Parquet data files
 * </pre>
 *
 * <p>The latest version is found by reading the hint and then probing forward until a version is
 * missing, so a stale or missing hint never hides a commit. {@link #tryCommit} is the single
 * commit point: a put-if-absent of {@code v<N+1>}. The hint is written after it, in the background
 * when the operations belong to a warehouse ({@link VersionHints}), so it costs a commit no time.
 */
public final class TableOperations {
  private static final Logger LOG = LoggerFactory.getLogger(TableOperations.class);
  private static final Pattern VERSION_FILE = Pattern.compile("v(\\d+)\\.metadata\\.json");

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
   * @throws CorruptTableException if the latest metadata file cannot be parsed
   */
  public VersionedMetadata loadLatest() {
    int start = readHint();
    if (start < 1 || backend.stat(versionKey(start)).isEmpty()) {
      start = highestListedVersion();
      if (start < 1) {
        return null;
      }
    }
    return probeForward(start, read(start));
  }

  /** The newest version at or after {@code known}, reading only versions newer than it. */
  public VersionedMetadata refresh(VersionedMetadata known) {
    return probeForward(known.version(), known);
  }

  private VersionedMetadata probeForward(int from, VersionedMetadata atFrom) {
    VersionedMetadata latest = atFrom;
    int v = from + 1;
    while (true) {
      VersionedMetadata next = readIfExists(v);
      if (next == null) {
        return latest;
      }
      latest = next;
      v++;
    }
  }

  /**
   * Reads one version.
   *
   * @throws CorruptTableException if it is missing or does not parse
   */
  public VersionedMetadata read(int version) {
    VersionedMetadata m = readIfExists(version);
    if (m == null) {
      throw new CorruptTableException(
          "Table '" + name + "' metadata file " + backend.uri(versionKey(version))
              + " is missing although it was listed or hinted as committed: restore it from a"
              + " backup");
    }
    return m;
  }

  /** Reads one version, or null if that version does not exist. */
  public VersionedMetadata readIfExists(int version) {
    String key = versionKey(version);
    byte[] bytes;
    try {
      bytes = backend.read(key);
    } catch (ObjectNotFoundException e) {
      return null;
    }
    return new VersionedMetadata(version, parse(key, bytes));
  }

  private TableMetadata parse(String key, byte[] bytes) {
    try {
      return TableMetadataParser.fromJson(new String(bytes, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new CorruptTableException(
          "Table '" + name + "' metadata file " + backend.uri(key) + " is corrupt ("
              + e.getMessage() + "); it is " + bytes.length + " bytes. Restore it from a backup;"
              + " DataShard never writes partial metadata files, so something else modified it",
          e);
    }
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

  /** A table's metadata together with the version number it was read from. */
  public record VersionedMetadata(int version, TableMetadata metadata) {}
}

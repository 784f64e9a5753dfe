package io.datashard.internal.table;

import io.datashard.Snapshot;
import io.datashard.exceptions.CorruptTableException;
import io.datashard.exceptions.ObjectNotFoundException;
import io.datashard.internal.manifest.ManifestEntry;
import io.datashard.internal.manifest.ManifestFile;
import io.datashard.internal.manifest.ManifestReader;
import io.datashard.internal.manifest.ManifestListReader;
import io.datashard.spi.StorageBackend;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads manifest lists, caching them per process: a manifest list is immutable once written (its
 * name is unique), so a commit that rebases onto a snapshot another thread already read skips the
 * round trip (DESIGN §9.7).
 */
final class ManifestLists {
  private static final int CACHE_SIZE = 64;
  private static final Map<String, List<ManifestFile>> CACHE = Collections.synchronizedMap(
      new LinkedHashMap<>(CACHE_SIZE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<ManifestFile>> eldest) {
          return size() > CACHE_SIZE;
        }
      });

  /** Manifests this process wrote recently, by location; small ones only (an append's own). */
  private static final int MANIFEST_CACHE_SIZE = 256;
  private static final int MANIFEST_CACHE_MAX_BYTES = 256 * 1024;
  private static final Map<String, byte[]> MANIFESTS = Collections.synchronizedMap(
      new LinkedHashMap<>(MANIFEST_CACHE_SIZE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
          return size() > MANIFEST_CACHE_SIZE;
        }
      });

  private ManifestLists() {}

  /** The manifests of a snapshot (empty for null). */
  static List<ManifestFile> of(StorageBackend backend, String table, Snapshot snapshot) {
    if (snapshot == null) {
      return List.of();
    }
    String location = snapshot.manifestListLocation();
    List<ManifestFile> cached = CACHE.get(location);
    if (cached != null) {
      return cached;
    }
    byte[] bytes;
    try {
      bytes = backend.read(backend.keyOf(location));
    } catch (ObjectNotFoundException e) {
      throw new CorruptTableException(
          "Manifest list " + location + " of snapshot " + snapshot.snapshotId() + " of table '"
              + table + "' is missing: it was deleted outside DataShard or the table was copied"
              + " without it; restore it from a backup, or read an older snapshot", e);
    }
    List<ManifestFile> manifests = List.copyOf(ManifestListReader.read(bytes, location));
    CACHE.put(location, manifests);
    return manifests;
  }

  /**
   * The entries of one manifest, with inherited snapshot ids and sequence numbers filled in.
   *
   * @throws CorruptTableException if the manifest is missing, truncated or corrupt
   */
  static List<ManifestEntry> entries(StorageBackend backend, String table, ManifestFile manifest) {
    byte[] bytes;
    try {
      bytes = backend.read(backend.keyOf(manifest.path()));
    } catch (ObjectNotFoundException e) {
      throw new CorruptTableException(
          "Manifest " + manifest.path() + " of table '" + table + "' is missing: it was deleted"
              + " outside DataShard or the table was copied without it; restore it from a"
              + " backup, or read an older snapshot", e);
    }
    return ManifestReader.read(bytes, manifest);
  }

  /**
   * The entries of a manifest to be merged into a new one. A manifest this process wrote is taken
   * from memory: it may still be uploading (a group member's manifest that the next member's
   * merge reads), and it is immutable, so the bytes in memory are the file. Scans never use this:
   * they must notice a manifest that is missing or damaged on storage.
   */
  static List<ManifestEntry> entriesToMerge(
      StorageBackend backend, String table, ManifestFile manifest) {
    byte[] bytes = MANIFESTS.get(manifest.path());
    return bytes != null ? ManifestReader.read(bytes, manifest) : entries(backend, table, manifest);
  }

  /**
   * Remembers a manifest this process is writing (by its unique location), so merging it later
   * needs no read — nor its upload to have finished. Large manifests are not kept.
   */
  static void rememberManifest(String location, byte[] bytes) {
    if (bytes.length <= MANIFEST_CACHE_MAX_BYTES) {
      MANIFESTS.put(location, bytes);
    }
  }

  /** Remembers a manifest list this process just wrote, so the next commit need not read it. */
  static void remember(String location, List<ManifestFile> manifests) {
    CACHE.put(location, List.copyOf(manifests));
  }
}

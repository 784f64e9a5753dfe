package io.datashard.storage.local;

import io.datashard.exceptions.StorageException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Maps keys to files under one root and back, and URIs to keys. Every key goes through {@link
 * #resolve} before it touches the filesystem, so a key can never name a file outside the root.
 * Immutable.
 */
final class LocalPaths {
  /** Name prefix of in-flight temp files; keys may not use it, and listings skip it. */
  static final String TEMP_PREFIX = ".tmp-";
  static final String TEMP_SUFFIX = ".tmp";
  /**
   * Name prefix of advisory lock files ({@link LocalStorageBackend#tryLock}); keys may not use
   * it, and listings skip it: a lock is not an object. Dot-prefixed, so Iceberg's file listings
   * (which skip hidden files) ignore lock files too.
   */
  static final String LOCK_PREFIX = ".lock-";

  private final Path root;
  private final String rootString;
  // The root as configured (absolute, normalized) but before symlinks were resolved. keyOf accepts
  // it too, so a URI spelled through a symlinked root maps to the same key instead of being
  // treated as foreign (a GC that thinks a live file is foreign is how data gets lost).
  private final String aliasRootString;

  LocalPaths(Path realRoot, Path configuredRoot) {
    this.root = realRoot;
    this.rootString = asDirPrefix(realRoot);
    this.aliasRootString = asDirPrefix(configuredRoot);
  }

  Path root() {
    return root;
  }

  /**
   * The file of a key.
   *
   * @throws StorageException naming the key if it is not a valid key
   */
  Path resolve(String key) {
    validate(key);
    Path p;
    try {
      p = root.resolve(key);
    } catch (InvalidPathException e) {
      throw new StorageException(invalid(key, "it is not a valid path on this filesystem"), e);
    }
    // Belt and braces: validation already excludes every way out of the root we know of.
    if (!p.normalize().startsWith(root) || p.equals(root)) {
      throw new StorageException(invalid(key, "it resolves outside the storage root"), null);
    }
    return p;
  }

  /** The key of a file under the root: relative, '/'-separated. */
  String keyOf(Path file) {
    Path rel = root.relativize(file);
    StringBuilder sb = new StringBuilder();
    for (Path part : rel) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(part.toString());
    }
    return sb.toString();
  }

  /** {@code file:} followed by the absolute path, unencoded (the spelling Iceberg's Hadoop tables use). */
  String uri(String key) {
    return "file:" + resolve(key);
  }

  /** The key of {@code file:/x}, {@code file:///x}, {@code file://localhost/x} or {@code /x}. */
  String keyOfUri(String uri) {
    if (uri == null) {
      throw new StorageException("Cannot map a null URI to a key of the local storage root", null);
    }
    String path = stripScheme(uri);
    String key = null;
    if (path != null) {
      if (path.startsWith(rootString)) {
        key = path.substring(rootString.length());
      } else if (path.startsWith(aliasRootString)) {
        key = path.substring(aliasRootString.length());
      }
    }
    if (key == null || key.isEmpty()) {
      throw new StorageException(
          "URI '" + uri + "' does not lie under the local storage root " + root
              + "; it belongs to another location or backend", null);
    }
    validate(key);
    return key;
  }

  /** True for the name of an in-flight temp file. */
  static boolean isTempName(String fileName) {
    return fileName.startsWith(TEMP_PREFIX);
  }

  /** True for a name listings never show: a temp file or a lock file. */
  static boolean isHiddenName(String fileName) {
    return fileName.startsWith(TEMP_PREFIX) || fileName.startsWith(LOCK_PREFIX);
  }

  /**
   * The lock file of the advisory lock named {@code key}: {@code .lock-<last segment>} in the
   * key's folder (the lock {@code t/metadata/commit} is the file {@code t/metadata/.lock-commit}).
   *
   * @throws StorageException naming the key if it is not a valid key
   */
  Path lockFile(String key) {
    Path named = resolve(key);
    return named.resolveSibling(LOCK_PREFIX + named.getFileName());
  }

  /**
   * Checks a key: not empty, relative, '/'-separated, no empty, {@code .} or {@code ..} segment,
   * no backslash, and no segment that looks like one of our temp files (those are invisible to
   * listings, so such an object would break the listing contract).
   */
  static void validate(String key) {
    if (key == null || key.isEmpty()) {
      throw new StorageException(invalid(key, "it is empty"), null);
    }
    if (key.indexOf('\\') >= 0) {
      throw new StorageException(invalid(key, "it contains a backslash; use '/' to separate segments"), null);
    }
    if (key.startsWith("/")) {
      throw new StorageException(invalid(key, "it is absolute; keys are relative to the storage root"), null);
    }
    if (key.indexOf('\0') >= 0) {
      throw new StorageException(invalid(key, "it contains a NUL character"), null);
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty()) {
        throw new StorageException(invalid(key, "it has an empty segment ('//' or a trailing '/')"), null);
      }
      if (segment.equals("..") || segment.equals(".")) {
        throw new StorageException(invalid(key, "it has a '" + segment + "' segment"), null);
      }
      if (isTempName(segment)) {
        throw new StorageException(
            invalid(key, "segments starting with '" + TEMP_PREFIX + "' are reserved for temp files"), null);
      }
      if (segment.startsWith(LOCK_PREFIX)) {
        throw new StorageException(
            invalid(key, "segments starting with '" + LOCK_PREFIX + "' are reserved for lock files"), null);
      }
    }
  }

  private static String invalid(String key, String why) {
    return "Invalid storage key '" + key + "': " + why;
  }

  private static String asDirPrefix(Path p) {
    String s = p.toString();
    return s.endsWith("/") ? s : s + "/";
  }

  /** The path part of a local URI or absolute path, or null if it is not one. */
  private static String stripScheme(String uri) {
    if (uri.startsWith("/")) {
      return uri;
    }
    if (uri.length() < 5 || !uri.substring(0, 5).toLowerCase(Locale.ROOT).equals("file:")) {
      return null;
    }
    String rest = uri.substring(5);
    if (rest.startsWith("//")) {
      // file://<authority>/path: only an empty or local authority is this machine's filesystem.
      int slash = rest.indexOf('/', 2);
      if (slash < 0) {
        return null;
      }
      String authority = rest.substring(2, slash);
      if (!authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
        return null;
      }
      return rest.substring(slash);
    }
    return rest.startsWith("/") ? rest : null;
  }
}

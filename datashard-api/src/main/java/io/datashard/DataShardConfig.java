package io.datashard;

import io.datashard.exceptions.DataShardException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * DataShard's settings: which storage backend, where, and how writers behave. Immutable.
 *
 * <p>Every setting has a key such as {@code storage.type}; the environment variable for it is the
 * key upper-cased with dots turned into underscores and {@code DATASHARD_} in front ({@code
 * DATASHARD_STORAGE_TYPE}). {@link #fromEnvironment()} reads the variables; {@link #builder()}
 * starts empty for code that wants no environment at all; {@code
 * fromEnvironment().toBuilder().set(...)} lets values set in code win over the environment.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>key</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>storage.type</td><td>backend: {@code local} (or {@code s3} once installed)</td>
 *       <td>local</td></tr>
 *   <tr><td>local.root</td><td>warehouse directory of the local backend</td>
 *       <td>./datashard-warehouse</td></tr>
 *   <tr><td>commit.max.attempts</td><td>attempts at the commit point before giving up</td>
 *       <td>100</td></tr>
 *   <tr><td>commit.timeout.ms</td><td>total time a commit may spend retrying</td>
 *       <td>120000</td></tr>
 *   <tr><td>commit.backoff.min.ms</td><td>first backoff after a lost race</td><td>2</td></tr>
 *   <tr><td>commit.backoff.max.ms</td><td>largest backoff between attempts</td>
 *       <td>500</td></tr>
 *   <tr><td>write.target.file.size.bytes</td><td>size at which a data file rolls over to the next
 *       one</td><td>134217728 (128 MiB)</td></tr>
 *   <tr><td>history.max-snapshots</td><td>snapshots each commit keeps in the table metadata (the
 *       newest ones, plus the current one and any a ref points to); 0 keeps all</td>
 *       <td>100</td></tr>
 *   <tr><td>write.metadata.previous-versions-max</td><td>previous metadata files listed in the
 *       metadata-log; older versions are replaced by small stubs</td><td>10</td></tr>
 *   <tr><td>read.native</td><td>Parquet reader of local data files: {@code auto}, {@code true} or
 *       {@code false}, see {@link NativeReader}</td><td>auto</td></tr>
 *   <tr><td>read.column-threads</td><td>threads that decode one data file's columns at once in
 *       the vectorized and native readers (rows keep their order); shared out among the files a scan reads at
 *       once</td><td>the number of processors, at most 8</td></tr>
 * </table>
 *
 * <p>Keys may contain {@code -} where the environment variable has {@code _}: {@code
 * history.max-snapshots} and {@code history.max.snapshots} are the same key, so {@code
 * DATASHARD_HISTORY_MAX_SNAPSHOTS} sets it.
 */
public final class DataShardConfig {
  public static final String ENV_PREFIX = "DATASHARD_";

  public static final String STORAGE_TYPE = "storage.type";
  public static final String LOCAL_ROOT = "local.root";
  public static final String COMMIT_MAX_ATTEMPTS = "commit.max.attempts";
  public static final String COMMIT_TIMEOUT_MS = "commit.timeout.ms";
  public static final String COMMIT_BACKOFF_MIN_MS = "commit.backoff.min.ms";
  public static final String COMMIT_BACKOFF_MAX_MS = "commit.backoff.max.ms";
  public static final String TARGET_FILE_SIZE_BYTES = "write.target.file.size.bytes";
  /** How many snapshots each commit keeps in the metadata (Iceberg's name for the idea). */
  public static final String HISTORY_MAX_SNAPSHOTS = "history.max-snapshots";
  /** How many previous metadata files the metadata-log lists (Iceberg's table property name). */
  public static final String METADATA_PREVIOUS_VERSIONS_MAX =
      "write.metadata.previous-versions-max";

  /** Threads that decode one data file's columns at once (vectorized and native readers). */
  public static final String READ_COLUMN_THREADS = "read.column-threads";

  public static final String DEFAULT_STORAGE_TYPE = "local";
  public static final String DEFAULT_LOCAL_ROOT = "./datashard-warehouse";

  private final Map<String, String> values;

  private DataShardConfig(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /**
   * The form a key is stored under: {@code -} becomes {@code .}, because an environment variable
   * cannot tell the two apart ({@code DATASHARD_HISTORY_MAX_SNAPSHOTS} must reach {@code
   * history.max-snapshots}), and a value set in code must replace the one from the environment.
   */
  private static String canonical(String key) {
    return key.replace('-', '.');
  }

  /** A configuration from the process's {@code DATASHARD_*} environment variables. */
  public static DataShardConfig fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** A configuration from the {@code DATASHARD_*} entries of the given variable map. */
  public static DataShardConfig fromEnvironment(Map<String, String> env) {
    Builder b = builder();
    env.forEach(
        (name, value) -> {
          if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
            b.set(keyForVariable(name), value);
          }
        });
    return b.build();
  }

  /** An empty configuration builder (no environment). */
  public static Builder builder() {
    return new Builder(Map.of());
  }

  /** A builder starting from these settings; values set on it win. */
  public Builder toBuilder() {
    return new Builder(values);
  }

  /** The environment variable that sets a key: {@code local.root} → {@code DATASHARD_LOCAL_ROOT}. */
  public static String variableForKey(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The key a variable sets: {@code DATASHARD_LOCAL_ROOT} → {@code local.root}. */
  public static String keyForVariable(String variable) {
    return variable.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** The value of a key, if set (blank values count as unset). */
  public Optional<String> get(String key) {
    String v = values.get(canonical(key));
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  /** The value of a key, or the default. */
  public String get(String key, String defaultValue) {
    return get(key).orElse(defaultValue);
  }

  /**
   * The value of a key that must be set.
   *
   * @throws DataShardException naming the key and its environment variable
   */
  public String require(String key, String why) {
    return get(key)
        .orElseThrow(
            () -> new DataShardException(
                "Missing setting '" + key + "' (environment variable " + variableForKey(key)
                    + "): " + why));
  }

  /**
   * A numeric setting.
   *
   * @throws DataShardException naming the key if the value is not a number within [min, max]
   */
  public long getLong(String key, long defaultValue, long min, long max) {
    Optional<String> v = get(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    long parsed;
    try {
      parsed = Long.parseLong(v.get());
    } catch (NumberFormatException e) {
      throw new DataShardException(
          "Invalid setting '" + key + "' (" + variableForKey(key) + ") = '" + v.get()
              + "': expected a whole number between " + min + " and " + max);
    }
    if (parsed < min || parsed > max) {
      throw new DataShardException(
          "Invalid setting '" + key + "' (" + variableForKey(key) + ") = " + parsed
              + ": it must be between " + min + " and " + max);
    }
    return parsed;
  }

  /** The storage type, {@code local} by default. */
  public String storageType() {
    return get(STORAGE_TYPE, DEFAULT_STORAGE_TYPE).toLowerCase(Locale.ROOT);
  }

  /** All settings, sorted by key. Values of keys that look secret are masked. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("DataShardConfig{");
    String sep = "";
    for (Map.Entry<String, String> e : values.entrySet()) {
      sb.append(sep).append(e.getKey()).append('=');
      sb.append(isSecret(e.getKey()) ? "****" : e.getValue());
      sep = ", ";
    }
    return sb.append('}').toString();
  }

  private static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("secret") || k.contains("password") || k.contains("token")
        || k.contains("access.key");
  }

  /** Builds a {@link DataShardConfig}. */
  public static final class Builder {
    private final Map<String, String> values;

    private Builder(Map<String, String> initial) {
      this.values = new TreeMap<>(initial);
    }

    /** Sets a key; a null value removes it. */
    public Builder set(String key, String value) {
      if (value == null) {
        values.remove(canonical(key));
      } else {
        values.put(canonical(key), value);
      }
      return this;
    }

    /** Sets {@code storage.type}. */
    public Builder storageType(String type) {
      return set(STORAGE_TYPE, type);
    }

    /** Sets {@code local.root}. */
    public Builder localRoot(Path root) {
      return set(LOCAL_ROOT, root.toString());
    }

    public DataShardConfig build() {
      return new DataShardConfig(values);
    }
  }
}

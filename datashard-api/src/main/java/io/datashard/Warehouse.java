package io.datashard;

import io.datashard.exceptions.DataShardException;
import io.datashard.exceptions.InvalidTableNameException;
import io.datashard.exceptions.TableAlreadyExistsException;
import io.datashard.exceptions.TableNotFoundException;
import io.datashard.internal.io.BackgroundWrites;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.internal.metadata.TableMetadataParser;
import io.datashard.internal.table.BaseTable;
import io.datashard.internal.table.TableNames;
import io.datashard.internal.table.TableOperations;
import io.datashard.internal.table.TableOperations.VersionedMetadata;
import io.datashard.internal.table.VersionHints;
import io.datashard.spi.ObjectInfo;
import io.datashard.spi.StorageBackend;
import io.datashard.spi.StorageBackendFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A set of tables under one storage root (a local directory, or an S3 bucket and prefix), with no
 * catalog service: the tables are found from their files. Thread-safe; close it to release the
 * storage backend.
 *
 * <p>A warehouse writes in the background on a few daemon threads of its own ({@code
 * write.io.threads}, default 8): the data files, manifest and manifest list of a commit are
 * uploaded at once, and each commit's version hint is written after the commit returned (readers
 * never rely on the hint, DESIGN §4). {@link #close()} waits for those writes; {@link
 * #awaitBackgroundWrites()} waits without closing.
 *
 * <pre>{@code
 * try (Warehouse wh = Warehouse.open(DataShardConfig.builder().localRoot(Path.of("/data/wh")).build())) {
 *   Table events = wh.createTable("events", schema);
 *   events.appendRecords(records);
 * }
 * }</pre>
 */
public final class Warehouse implements AutoCloseable {
  private static final Pattern VERSION_FILE =
      Pattern.compile("(.+)/metadata/v\\d+\\.metadata\\.json");

  private final StorageBackend backend;
  private final DataShardConfig config;
  private final BackgroundWrites background;
  private final VersionHints hints;

  private Warehouse(StorageBackend backend, DataShardConfig config) {
    this.backend = backend;
    this.config = config;
    this.background = BackgroundWrites.from(config);
    this.hints = new VersionHints(background);
  }

  private TableOperations ops(String name) {
    return new TableOperations(backend, name, hints);
  }

  /**
   * Opens the warehouse described by a configuration, finding the backend for {@code
   * storage.type} with {@link ServiceLoader}.
   *
   * @throws DataShardException if the storage type is unknown, its settings are incomplete, or a
   *     table setting (such as {@code history.max-snapshots}) is invalid
   */
  public static Warehouse open(DataShardConfig config) {
    BaseTable.checkSettings(config);
    String type = config.storageType();
    List<String> available = new ArrayList<>();
    for (StorageBackendFactory f : ServiceLoader.load(StorageBackendFactory.class)) {
      if (f.type().equalsIgnoreCase(type)) {
        return new Warehouse(f.create(config), config);
      }
      available.add(f.type());
    }
    throw new DataShardException(
        "Unknown storage type '" + type + "' (DATASHARD_STORAGE_TYPE): the backends on the"
            + " classpath are " + available + ". Use one of them, or add the module that provides"
            + " '" + type + "' (for s3: io.datashard:datashard-storage-s3)");
  }

  /**
   * A warehouse over an existing backend (for embedding and tests); the warehouse owns it.
   *
   * @throws DataShardException if a table setting is invalid (the backend is then not taken over)
   */
  public static Warehouse of(StorageBackend backend, DataShardConfig config) {
    BaseTable.checkSettings(config);
    return new Warehouse(backend, config);
  }

  /** The storage backend. */
  public StorageBackend backend() {
    return backend;
  }

  /** The configuration. */
  public DataShardConfig config() {
    return config;
  }

  /** Creates an empty table with no extra properties. See {@link #createTable(String, Schema, Map)}. */
  public Table createTable(String name, Schema schema) {
    return createTable(name, schema, Map.of());
  }

  /**
   * Creates an empty table. Safe against concurrent creation: of several processes creating the
   * same table at once, exactly one succeeds.
   *
   * @throws InvalidTableNameException if the name is invalid or lies inside another table
   * @throws TableAlreadyExistsException if a table of that name exists
   */
  public Table createTable(String name, Schema schema, Map<String, String> properties) {
    TableNames.validate(name);
    if (schema.fields().isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot create table '" + name + "' with an empty schema: add at least one column");
    }
    checkNotNested(name);
    TableOperations ops = ops(name);
    if (exists(ops)) {
      throw alreadyExists(name, ops);
    }
    TableMetadata metadata = TableMetadata.newTable(
        UUID.randomUUID().toString(), ops.location(), schema, properties,
        System.currentTimeMillis());
    byte[] json = TableMetadataParser.toJson(metadata).getBytes(StandardCharsets.UTF_8);
    if (!ops.tryCommit(1, json)) {
      throw alreadyExists(name, ops);
    }
    // The hint of v1 goes to the background like every other: a reader of a table whose hint is
    // not there yet finds v1 by listing, and a create followed at once by appends writes one hint.
    ops.writeHint(1, metadata.tableUuid());
    return new BaseTable(ops, config, new VersionedMetadata(1, metadata));
  }

  /**
   * Loads a table at its newest committed version.
   *
   * @throws TableNotFoundException if there is no table of that name
   * @throws io.datashard.exceptions.CorruptTableException if its metadata is corrupt
   */
  public Table loadTable(String name) {
    TableNames.validate(name);
    TableOperations ops = ops(name);
    VersionedMetadata latest = ops.loadLatest();
    if (latest == null) {
      throw new TableNotFoundException(
          "Table '" + name + "' does not exist (no metadata under " + backend.uri(name + "/metadata")
              + "): create it with createTable, or check the name and the warehouse location"
              + " (DATASHARD_STORAGE_TYPE / DATASHARD_LOCAL_ROOT)");
    }
    return new BaseTable(ops, config, latest);
  }

  /** True if a table of that name exists. */
  public boolean tableExists(String name) {
    TableNames.validate(name);
    return exists(new TableOperations(backend, name));
  }

  /** The names of all tables in the warehouse, sorted. Lists the whole warehouse. */
  public List<String> listTables() {
    TreeSet<String> names = new TreeSet<>();
    for (ObjectInfo o : backend.list("")) {
      Matcher m = VERSION_FILE.matcher(o.key());
      if (m.matches()) {
        names.add(m.group(1));
      }
    }
    return List.copyOf(names);
  }

  /**
   * Drops a table. Without purge only its metadata is deleted (the table disappears; data files
   * stay where they are); with purge every file under the table's folder is deleted.
   *
   * @return true if a table was dropped, false if none existed
   */
  public boolean dropTable(String name, boolean purge) {
    TableNames.validate(name);
    TableOperations ops = ops(name);
    // A hint of ours landing after the drop would make the dropped table look present.
    hints.await(name);
    if (!exists(ops)) {
      return false;
    }
    // The trailing '/' matters: a sibling 'name_export/' must never match (DESIGN §9.4).
    String prefix = purge ? name + "/" : ops.metadataPrefix();
    List<String> keys = new ArrayList<>();
    for (ObjectInfo o : backend.list(prefix)) {
      keys.add(o.key());
    }
    // Version files last, so an interrupted drop leaves a table that still loads or none at all.
    keys.sort((a, b) -> Boolean.compare(a.endsWith(".metadata.json"), b.endsWith(".metadata.json")));
    backend.delete(keys);
    return true;
  }

  private boolean exists(TableOperations ops) {
    return backend.stat(ops.hintKey()).isPresent() || ops.highestListedVersion() > 0;
  }

  private void checkNotNested(String name) {
    int slash = name.indexOf('/');
    while (slash > 0) {
      String ancestor = name.substring(0, slash);
      if (exists(new TableOperations(backend, ancestor))) {
        throw new InvalidTableNameException(
            "Invalid table name '" + name + "': '" + ancestor + "' is a table, and a table cannot"
                + " live inside another table's folder");
      }
      slash = name.indexOf('/', slash + 1);
    }
    for (ObjectInfo o : backend.list(name + "/")) {
      Matcher m = VERSION_FILE.matcher(o.key());
      if (m.matches() && !m.group(1).equals(name)) {
        throw new InvalidTableNameException(
            "Invalid table name '" + name + "': table '" + m.group(1) + "' lives inside it, and a"
                + " table cannot contain another table");
      }
    }
  }

  private TableAlreadyExistsException alreadyExists(String name, TableOperations ops) {
    return new TableAlreadyExistsException(
        "Table '" + name + "' already exists at " + ops.location()
            + ": load it with loadTable, or drop it first with dropTable");
  }

  /**
   * Waits until the writes this warehouse does in the background after a commit returned (version
   * hints) are done, e.g. before copying the warehouse or handing it to a tool that trusts {@code
   * version-hint.text}. A failed hint write is logged, not thrown; {@link #close()} waits too.
   */
  public void awaitBackgroundWrites() {
    hints.awaitAll();
    background.awaitTasks();
  }

  /** Waits for the background writes, stops their threads and closes the storage backend. */
  @Override
  public void close() {
    try {
      hints.awaitAll();
      background.close();
    } finally {
      backend.close();
    }
  }
}

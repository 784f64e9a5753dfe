package io.datashard;

import java.util.List;

/**
 * The entry point for code that is configured by environment variables ({@code DATASHARD_*}, see
 * {@link DataShardConfig}): the same program runs on a laptop (local disk, the default) and on a
 * fleet (S3), unchanged.
 *
 * <pre>{@code
 * Schema schema = Schema.builder().required("user_id", Types.LONG).required("event", Types.STRING).build();
 * Table t = DataShard.tableExists("user-events")
 *     ? DataShard.loadTable("user-events")
 *     : DataShard.createTable("user-events", schema);
 * t.appendRecords(List.of(Map.of("user_id", 42L, "event", "login")));
 * }</pre>
 *
 * <p>The static methods share one {@link Warehouse} opened from the environment on first use; at
 * JVM exit it waits for its background writes (the last version hint), and it is never closed.
 * Code that wants explicit configuration uses {@link #open(DataShardConfig)} instead.
 */
public final class DataShard {
  private static volatile Warehouse defaultWarehouse;

  private DataShard() {}

  /** The warehouse configured by the environment, opened once per process. */
  public static Warehouse warehouse() {
    Warehouse w = defaultWarehouse;
    if (w == null) {
      synchronized (DataShard.class) {
        w = defaultWarehouse;
        if (w == null) {
          w = Warehouse.open(DataShardConfig.fromEnvironment());
          defaultWarehouse = w;
          // Nobody closes the shared warehouse, and its version hints are written on daemon
          // threads: let the last commit's hint land before the JVM exits, so a fleet of
          // one-append processes does not leave the hint ever further behind.
          Warehouse shared = w;
          Runtime.getRuntime().addShutdownHook(
              new Thread(shared::awaitBackgroundWrites, "datashard-hint-flush"));
        }
      }
    }
    return w;
  }

  /** Opens a warehouse from an explicit configuration; the caller closes it. */
  public static Warehouse open(DataShardConfig config) {
    return Warehouse.open(config);
  }

  /** See {@link Warehouse#createTable(String, Schema)}. */
  public static Table createTable(String name, Schema schema) {
    return warehouse().createTable(name, schema);
  }

  /** See {@link Warehouse#loadTable(String)}. */
  public static Table loadTable(String name) {
    return warehouse().loadTable(name);
  }

  /** See {@link Warehouse#tableExists(String)}. */
  public static boolean tableExists(String name) {
    return warehouse().tableExists(name);
  }

  /** See {@link Warehouse#listTables()}. */
  public static List<String> listTables() {
    return warehouse().listTables();
  }

  /** See {@link Warehouse#dropTable(String, boolean)}. */
  public static boolean dropTable(String name, boolean purge) {
    return warehouse().dropTable(name, purge);
  }
}

package io.datashard.bench;

import io.datashard.DataShardConfig;
import io.datashard.Schema;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.Warehouse;
import io.datashard.exceptions.CommitConflictException;
import io.datashard.expressions.Expressions;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * DataShard through its public API only, with default settings, on the local backend; optionally
 * with the in-JVM commit lock ({@code commit.jvm.lock}) off.
 */
final class DataShardEngine implements Engine {
  /** Configuration key of the per-JVM commit lock (on by default). */
  static final String JVM_COMMIT_LOCK = "commit.jvm.lock";

  static final Schema SCHEMA = Schema.builder()
      .required("user_id", Types.LONG)
      .required("event", Types.STRING)
      .required("timestamp", Types.LONG)
      .build();

  private final String name;
  /** Settings that differ from the defaults. */
  private final Map<String, String> settings;

  /**
   * @param name the engine's name in reports
   * @param settings DataShard settings that differ from the defaults
   */
  DataShardEngine(String name, Map<String, String> settings) {
    this.name = name;
    this.settings = Map.copyOf(settings);
  }

  @Override
  public Engine keepingAllSnapshots() {
    Map<String, String> all = new java.util.HashMap<>(settings);
    all.put(DataShardConfig.HISTORY_MAX_SNAPSHOTS, "0");
    return new DataShardEngine(name, all);
  }

  @Override
  public boolean keepsAllSnapshots() {
    return "0".equals(settings.get(DataShardConfig.HISTORY_MAX_SNAPSHOTS));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public BenchTable create(Path dir, String name) {
    Warehouse wh = open(dir);
    return new Handle(wh, wh.createTable(name, SCHEMA));
  }

  @Override
  public BenchTable load(Path dir, String name) {
    Warehouse wh = open(dir);
    return new Handle(wh, wh.loadTable(name));
  }

  private Warehouse open(Path dir) {
    DataShardConfig.Builder config = DataShardConfig.builder().localRoot(dir);
    settings.forEach(config::set);
    return Warehouse.open(config.build());
  }

  @Override
  public Object batch(long first, int count) {
    List<Map<String, Object>> rows = new ArrayList<>(count);
    for (long i = first; i < first + count; i++) {
      Map<String, Object> r = new LinkedHashMap<>(4);
      r.put("user_id", i);
      r.put("event", Workload.event(i));
      r.put("timestamp", Workload.BASE_TIME + i);
      rows.add(r);
    }
    return rows;
  }

  @Override
  public boolean isCommitConflict(RuntimeException e) {
    return e instanceof CommitConflictException;
  }

  /** A handle on a table of any backend (the local disk here, S3 in {@link S3Commits}). */
  static BenchTable handle(Warehouse warehouse, Table table) {
    return new Handle(warehouse, table);
  }

  private static final class Handle implements BenchTable {
    private final Warehouse warehouse;
    private final Table table;

    Handle(Warehouse warehouse, Table table) {
      this.warehouse = warehouse;
      this.table = table;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void append(Object batch) {
      table.appendRecords((List<Map<String, Object>>) batch);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Committed appendTracked(Object batch) {
      Snapshot s = table.appendRecords((List<Map<String, Object>>) batch);
      return new Committed(s.commitId(), Engine.attemptOf(s.manifestListLocation()));
    }

    @Override
    public long[] readUserIds() {
      table.refresh();
      return table.scan().toRecords().stream().mapToLong(r -> (Long) r.get("user_id")).toArray();
    }

    @Override
    public Optional<List<String>> commitIds() {
      table.refresh();
      List<String> ids = new ArrayList<>();
      for (Snapshot s : table.snapshots()) {
        ids.add(s.commitId());
      }
      return Optional.of(ids);
    }

    @Override
    public long readRecords() {
      return table.scan().toRecords().size();
    }

    @Override
    public long readArrow(BufferAllocator allocator) {
      long rows = 0;
      try (ArrowReader reader = table.scan().toArrow(allocator)) {
        while (reader.loadNextBatch()) {
          rows += reader.getVectorSchemaRoot().getRowCount();
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return rows;
    }

    @Override
    public long readUserIdBelow(long bound) {
      return table.scan().filter(Expressions.lessThan("user_id", bound)).toRecords().size();
    }

    @Override
    public long count() {
      table.refresh();
      return table.scan().count();
    }

    @Override
    public int planFiles() {
      table.refresh();
      return table.scan().planFiles().size();
    }

    @Override
    public List<Integer> commitAttempts() {
      table.refresh();
      List<Integer> attempts = new ArrayList<>();
      for (Snapshot s : table.snapshots()) {
        attempts.add(Engine.attemptOf(s.manifestListLocation()));
      }
      return attempts;
    }

    @Override
    public void close() {
      warehouse.close();
    }
  }
}

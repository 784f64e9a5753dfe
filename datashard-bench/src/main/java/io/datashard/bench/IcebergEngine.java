package io.datashard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;

/**
 * Apache Iceberg-Java as an engine writes and reads such a table: {@link HadoopTables} on the
 * local file system, Iceberg's generic Parquet writer ({@code Parquet.writeData}) and {@code
 * newAppend().appendFile(...).commit()}, {@link IcebergGenerics} for records, and Iceberg's
 * vectorized Arrow reader ({@link IcebergArrow}) for Arrow. Default table properties, format v2.
 */
final class IcebergEngine implements Engine {
  static final Schema SCHEMA = new Schema(
      Types.NestedField.required(1, "user_id", Types.LongType.get()),
      Types.NestedField.required(2, "event", Types.StringType.get()),
      Types.NestedField.required(3, "timestamp", Types.LongType.get()));

  private static final Configuration CONF = new Configuration();

  @Override
  public String name() {
    return "iceberg";
  }

  @Override
  public BenchTable create(Path dir, String name) {
    Table t = new HadoopTables(CONF).create(SCHEMA, PartitionSpec.unpartitioned(),
        Map.of("format-version", "2"), dir.resolve(name).toString());
    return new Handle(t);
  }

  @Override
  public BenchTable load(Path dir, String name) {
    return new Handle(new HadoopTables(CONF).load(dir.resolve(name).toString()));
  }

  @Override
  public Object batch(long first, int count) {
    GenericRecord template = GenericRecord.create(SCHEMA);
    List<Record> rows = new ArrayList<>(count);
    for (long i = first; i < first + count; i++) {
      Record r = template.copy();
      r.set(0, i);
      r.set(1, Workload.event(i));
      r.set(2, Workload.BASE_TIME + i);
      rows.add(r);
    }
    return rows;
  }

  @Override
  public boolean isCommitConflict(RuntimeException e) {
    return e instanceof CommitFailedException;
  }

  /** A handle on an Iceberg table from any catalog (HadoopTables here, a catalog on S3). */
  static BenchTable handle(Table table) {
    return new Handle(table);
  }

  private static final class Handle implements BenchTable {
    private final Table table;

    Handle(Table table) {
      this.table = table;
    }

    @Override
    public Committed appendTracked(Object batch) {
      append(batch);
      return Committed.UNKNOWN;
    }

    @Override
    public long[] readUserIds() {
      table.refresh();
      List<Long> ids = new ArrayList<>();
      try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
        for (Record r : records) {
          ids.add((Long) r.getField("user_id"));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return ids.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public Optional<List<String>> commitIds() {
      return Optional.empty();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void append(Object batch) {
      String location = table.locationProvider().newDataLocation(UUID.randomUUID() + ".parquet");
      try {
        DataWriter<Record> writer = Parquet.writeData(table.io().newOutputFile(location))
            .schema(table.schema())
            .createWriterFunc(GenericParquetWriter::create)
            .withSpec(table.spec())
            .build();
        try (writer) {
          for (Record r : (List<Record>) batch) {
            writer.write(r);
          }
        }
        table.newAppend().appendFile(writer.toDataFile()).commit();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public long readRecords() {
      return collect(IcebergGenerics.read(table).build());
    }

    @Override
    public long readArrow(BufferAllocator allocator) {
      return IcebergArrow.countRows(table);
    }

    @Override
    public long readUserIdBelow(long bound) {
      return collect(IcebergGenerics.read(table)
          .where(Expressions.lessThan("user_id", bound)).build());
    }

    private static long collect(CloseableIterable<Record> records) {
      List<Record> list = new ArrayList<>();
      try (records) {
        for (Record r : records) {
          list.add(r);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return list.size();
    }

    @Override
    public long count() {
      table.refresh();
      Snapshot s = table.currentSnapshot();
      return s == null ? 0 : Long.parseLong(s.summary().get("total-records"));
    }

    @Override
    public int planFiles() {
      table.refresh();
      int files = 0;
      try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
        for (FileScanTask ignored : tasks) {
          files++;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return files;
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
    public void close() {}
  }
}

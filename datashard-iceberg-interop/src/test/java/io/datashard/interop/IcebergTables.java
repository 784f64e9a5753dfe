package io.datashard.interop;

import io.datashard.Schema;
import io.datashard.types.Types;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;

/**
 * Tables written by Iceberg-Java itself, the way an engine writes them: {@link HadoopTables} for
 * the metadata, Iceberg's generic Parquet writer for the data files, {@code newAppend()} to
 * commit. Rows are given in DataShard's read representation.
 */
final class IcebergTables {
  /** Every type, required and optional columns, the same field ids in both libraries. */
  static final Schema ALL_TYPES = Schema.builder()
      .required("id", Types.LONG)
      .optional("flag", Types.BOOLEAN)
      .required("small", Types.INT)
      .optional("f", Types.FLOAT)
      .optional("d", Types.DOUBLE)
      .optional("price", Types.decimal(12, 3))
      .required("day", Types.DATE)
      .optional("tod", Types.TIME)
      .optional("ts", Types.TIMESTAMP)
      .required("tstz", Types.TIMESTAMPTZ)
      .optional("name", Types.STRING)
      .optional("uid", Types.UUID)
      .optional("fx", Types.fixed(4))
      .optional("bin", Types.BINARY)
      .optional("category", Types.STRING)
      .build();

  private IcebergTables() {}

  /** Creates an Iceberg table under {@code root/name} with the given format version. */
  static Table create(Path root, String name, PartitionSpec spec, int formatVersion) {
    return new HadoopTables(Interop.conf()).create(
        Interop.icebergSchema(ALL_TYPES), spec,
        Map.of("format-version", Integer.toString(formatVersion)),
        root.resolve(name).toString());
  }

  static PartitionSpec byCategory() {
    return PartitionSpec.builderFor(Interop.icebergSchema(ALL_TYPES)).identity("category").build();
  }

  /** Rows {@code first .. first+count-1} with every type, nulls and pre-1970 values. */
  static List<Map<String, Object>> rows(long first, int count) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long i = first; i < first + count; i++) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", i);
      r.put("flag", i % 5 == 4 ? null : i % 2 == 0);
      r.put("small", (int) (i * 7 - 50));
      r.put("f", i % 6 == 5 ? null : (float) (i * 0.5 - 3));
      r.put("d", i * 1.25 - 10);
      r.put("price", i % 4 == 3 ? null : BigDecimal.valueOf(i * 12345 - 99999, 3));
      r.put("day", LocalDate.of(1965, 1, 1).plusDays(i * 400));
      r.put("tod", LocalTime.ofSecondOfDay(i * 997 % 86400).plusNanos(i % 1000 * 1000));
      r.put("ts", LocalDateTime.of(1969, 12, 31, 23, 0).plusMinutes(i * 13).plusNanos(i * 1000));
      r.put("tstz", OffsetDateTime.of(1969, 12, 31, 23, 0, 0, 0, ZoneOffset.UTC).plusHours(i * 5));
      r.put("name", i % 4 == 3 ? null : "name-" + i + "-\u00e9\ud83d\ude00");
      r.put("uid", new UUID(i * 0x9E3779B97F4A7C15L, ~i));
      r.put("fx", ByteBuffer.allocate(4).putInt((int) (i * 0x01010101L)).array());
      r.put("bin", i % 3 == 2 ? null : ("b" + i).repeat((int) (i % 9)).getBytes(
          StandardCharsets.UTF_8));
      r.put("category", i % 2 == 0 ? "even" : "odd");
      rows.add(r);
    }
    return rows;
  }

  /** Writes the rows as one Parquet data file with Iceberg's generic writer and commits it. */
  static org.apache.iceberg.DataFile append(Table table, List<Map<String, Object>> rows) {
    org.apache.iceberg.DataFile file = write(table, rows, null);
    table.newAppend().appendFile(file).commit();
    return file;
  }

  /** Writes and commits one data file per partition (identity on category). */
  static void appendPartitioned(Table table, List<Map<String, Object>> rows) {
    var append = table.newAppend();
    for (String category : List.of("even", "odd")) {
      List<Map<String, Object>> part =
          rows.stream().filter(r -> category.equals(r.get("category"))).toList();
      PartitionKey key = new PartitionKey(table.spec(), table.schema());
      key.partition(new InternalRecordWrapper(table.schema().asStruct())
          .wrap(Interop.toIcebergRecord(table.schema(), part.get(0))));
      append.appendFile(write(table, part, key));
    }
    append.commit();
  }

  private static org.apache.iceberg.DataFile write(
      Table table, List<Map<String, Object>> rows, PartitionKey partition) {
    String name = UUID.randomUUID() + ".parquet";
    String location = partition == null
        ? table.locationProvider().newDataLocation(name)
        : table.locationProvider().newDataLocation(table.spec(), partition, name);
    try {
      DataWriter<Record> writer = Parquet.writeData(table.io().newOutputFile(location))
          .schema(table.schema())
          .createWriterFunc(GenericParquetWriter::create)
          .withSpec(table.spec())
          .withPartition(partition)
          .build();
      try (writer) {
        for (Map<String, Object> r : rows) {
          writer.write(Interop.toIcebergRecord(table.schema(), r));
        }
      }
      return writer.toDataFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

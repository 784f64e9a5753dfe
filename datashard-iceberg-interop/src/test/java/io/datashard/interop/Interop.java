package io.datashard.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.datashard.HistoryEntry;
import io.datashard.Schema;
import io.datashard.Snapshot;
import io.datashard.Table;
import io.datashard.internal.json.Json;
import io.datashard.internal.metadata.SupersededMetadataParser;
import io.datashard.internal.metadata.TableMetadata;
import io.datashard.types.Field;
import io.datashard.types.PrimitiveType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.StaticTableOperations;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Shared comparison code of the interoperability tests: opening a table with Iceberg-Java,
 * mapping schemas and values between DataShard and Iceberg, and exact assertions that both
 * libraries see the same schema, snapshots, rows and file metrics.
 *
 * <p>Rows are compared in DataShard's read representation (see {@code io.datashard.types.Types}):
 * Iceberg generics return the same Java types except {@link ByteBuffer} for binary, which maps to
 * {@code byte[]}.
 */
final class Interop {
  private static final Configuration CONF = new Configuration();

  private Interop() {}

  static Configuration conf() {
    return CONF;
  }

  /** The table through Iceberg's Hadoop-table loader (reads the version hint, lists metadata). */
  static org.apache.iceberg.Table hadoopLoad(Table table) {
    return new HadoopTables(CONF).load(table.location());
  }

  /** The table through {@link StaticTableOperations} on its newest metadata file. */
  static org.apache.iceberg.Table staticLoad(Table table) {
    Path metadataDir = tableDir(table).resolve("metadata");
    Path latest = metadataDir.resolve("v" + latestVersion(metadataDir) + ".metadata.json");
    HadoopFileIO io = new HadoopFileIO(CONF);
    return new BaseTable(new StaticTableOperations(latest.toUri().toString(), io), table.name());
  }

  /** The local folder of a table. */
  static Path tableDir(Table table) {
    String location = table.location();
    return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
  }

  /** The largest N with an existing {@code v<N>.metadata.json}, found by probing from 1. */
  static int latestVersion(Path metadataDir) {
    int n = 0;
    while (Files.exists(metadataDir.resolve("v" + (n + 1) + ".metadata.json"))) {
      n++;
    }
    return n;
  }

  // ---------------------------------------------------------------- schema

  static Type icebergType(PrimitiveType t) {
    switch (t.typeId()) {
      case BOOLEAN: return Types.BooleanType.get();
      case INT: return Types.IntegerType.get();
      case LONG: return Types.LongType.get();
      case FLOAT: return Types.FloatType.get();
      case DOUBLE: return Types.DoubleType.get();
      case DECIMAL: return Types.DecimalType.of(t.precision(), t.scale());
      case DATE: return Types.DateType.get();
      case TIME: return Types.TimeType.get();
      case TIMESTAMP: return Types.TimestampType.withoutZone();
      case TIMESTAMPTZ: return Types.TimestampType.withZone();
      case STRING: return Types.StringType.get();
      case UUID: return Types.UUIDType.get();
      case FIXED: return Types.FixedType.ofLength(t.length());
      case BINARY: return Types.BinaryType.get();
      default: throw new IllegalArgumentException("Unmapped type " + t);
    }
  }

  /** The Iceberg schema that a DataShard schema stands for. */
  static org.apache.iceberg.Schema icebergSchema(Schema schema) {
    List<Types.NestedField> fields = new ArrayList<>();
    for (Field f : schema.fields()) {
      fields.add(Types.NestedField.of(
          f.id(), f.isOptional(), f.name(), icebergType((PrimitiveType) f.type()), f.doc()));
    }
    return new org.apache.iceberg.Schema(schema.schemaId(), fields, schema.identifierFieldIds());
  }

  /** Same field ids, names, types, requiredness and docs, schema id and identifier fields. */
  static void assertSameSchema(Schema ds, org.apache.iceberg.Schema ice) {
    assertEquals(icebergSchema(ds).asStruct(), ice.asStruct(), "columns");
    assertEquals(ds.schemaId(), ice.schemaId(), "schema id");
    assertEquals(ds.identifierFieldIds(), ice.identifierFieldIds(), "identifier field ids");
  }

  // ---------------------------------------------------------------- snapshots

  /**
   * Same snapshots in the same order (ids, parents, sequence numbers, timestamps, operation,
   * summary, manifest list, schema id), same current snapshot and same history. Iceberg keeps
   * {@code operation} out of its summary map; DataShard's summary holds it as the JSON does.
   */
  static void assertSameSnapshots(Table ds, org.apache.iceberg.Table ice) {
    List<Snapshot> expected = ds.snapshots();
    List<org.apache.iceberg.Snapshot> actual = new ArrayList<>();
    ice.snapshots().forEach(actual::add);
    assertEquals(expected.size(), actual.size(), "snapshot count");
    for (int i = 0; i < expected.size(); i++) {
      Snapshot d = expected.get(i);
      org.apache.iceberg.Snapshot s = actual.get(i);
      String at = "snapshot #" + i + " (" + d.snapshotId() + ")";
      assertEquals(d.snapshotId(), s.snapshotId(), at + " id");
      assertEquals(d.parentId(), s.parentId(), at + " parent id");
      assertEquals(d.sequenceNumber(), s.sequenceNumber(), at + " sequence number");
      assertEquals(d.timestampMillis(), s.timestampMillis(), at + " timestamp");
      assertEquals(d.operation(), s.operation(), at + " operation");
      Map<String, String> summary = new LinkedHashMap<>(d.summary());
      summary.remove("operation");
      assertEquals(summary, s.summary(), at + " summary");
      assertEquals(d.commitId(), s.summary().get(Snapshot.COMMIT_ID_KEY), at + " commit id");
      assertEquals(d.manifestListLocation(), s.manifestListLocation(), at + " manifest list");
      assertEquals(d.schemaId(), s.schemaId(), at + " schema id");
    }
    Snapshot current = ds.currentSnapshot();
    if (current == null) {
      assertNull(ice.currentSnapshot(), "current snapshot");
    } else {
      assertEquals(current.snapshotId(), ice.currentSnapshot().snapshotId(), "current snapshot");
    }
    List<List<Long>> dsHistory = new ArrayList<>();
    for (HistoryEntry h : ds.history()) {
      dsHistory.add(List.of(h.timestampMillis(), h.snapshotId()));
    }
    List<List<Long>> iceHistory = new ArrayList<>();
    ice.history().forEach(h -> iceHistory.add(List.of(h.timestampMillis(), h.snapshotId())));
    assertEquals(dsHistory, iceHistory, "history (snapshot log)");
  }

  // ---------------------------------------------------------------- rows

  /** Rows of a snapshot read by Iceberg generics, in DataShard's read representation. */
  static List<Map<String, Object>> icebergRows(org.apache.iceberg.Table ice, long snapshotId) {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (CloseableIterable<Record> records =
        IcebergGenerics.read(ice).useSnapshot(snapshotId).build()) {
      for (Record r : records) {
        rows.add(toDataShardRow(r));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  static Map<String, Object> toDataShardRow(Record r) {
    Map<String, Object> row = new LinkedHashMap<>();
    List<Types.NestedField> fields = r.struct().fields();
    for (int i = 0; i < fields.size(); i++) {
      Object v = r.get(i);
      row.put(fields.get(i).name(), v instanceof ByteBuffer ? bytes((ByteBuffer) v) : v);
    }
    return row;
  }

  /** A DataShard row as an Iceberg generic record (binary as ByteBuffer, fixed as byte[]). */
  static Record toIcebergRecord(org.apache.iceberg.Schema schema, Map<String, Object> row) {
    GenericRecord r = GenericRecord.create(schema);
    for (Types.NestedField f : schema.columns()) {
      Object v = row.get(f.name());
      if (v instanceof byte[] && f.type().typeId() == Type.TypeID.BINARY) {
        v = ByteBuffer.wrap((byte[]) v);
      }
      r.setField(f.name(), v);
    }
    return r;
  }

  /**
   * The same rows as a multiset, compared value by value: each value's class and {@code equals}
   * (so decimal scale, time zone offset, -0.0 and NaN all count), byte arrays by content.
   */
  static void assertSameRows(
      List<Map<String, Object>> expected, List<Map<String, Object>> actual, String what) {
    Map<Map<String, Object>, Integer> missing = counts(expected);
    Map<Map<String, Object>, Integer> extra = new HashMap<>();
    for (Map<String, Object> row : actual) {
      Map<String, Object> key = canonical(row);
      if (missing.merge(key, -1, Integer::sum) < 0) {
        missing.merge(key, 1, Integer::sum);
        extra.merge(key, 1, Integer::sum);
      }
    }
    missing.values().removeIf(c -> c == 0);
    if (!missing.isEmpty() || !extra.isEmpty() || expected.size() != actual.size()) {
      fail(what + ": " + expected.size() + " rows expected, " + actual.size() + " read; missing "
          + sample(missing) + "; unexpected " + sample(extra));
    }
  }

  private static Map<Map<String, Object>, Integer> counts(List<Map<String, Object>> rows) {
    Map<Map<String, Object>, Integer> counts = new HashMap<>();
    rows.forEach(r -> counts.merge(canonical(r), 1, Integer::sum));
    return counts;
  }

  private static Map<String, Object> canonical(Map<String, Object> row) {
    Map<String, Object> out = new LinkedHashMap<>();
    row.forEach((k, v) -> out.put(k, v == null ? null : v instanceof byte[]
        ? "bytes:" + HexFormat.of().formatHex((byte[]) v)
        : v.getClass().getSimpleName() + ":" + v));
    return out;
  }

  private static String sample(Map<Map<String, Object>, Integer> rows) {
    return rows.isEmpty() ? "none" : rows.size() + " distinct, e.g. " + rows.keySet().stream()
        .limit(3).toList();
  }

  /**
   * For every snapshot, Iceberg generics and DataShard's own scan return the same rows, and those
   * are the rows expected there (by snapshot id; null to skip the check against expectations).
   */
  static void assertSameRowsEverySnapshot(
      Table ds, org.apache.iceberg.Table ice, Map<Long, List<Map<String, Object>>> expected) {
    for (Snapshot s : ds.snapshots()) {
      List<Map<String, Object>> mine = ds.scan().useSnapshot(s.snapshotId()).toRecords();
      List<Map<String, Object>> theirs = icebergRows(ice, s.snapshotId());
      assertSameRows(mine, theirs, "snapshot " + s.snapshotId() + ", Iceberg vs DataShard");
      if (expected != null) {
        assertTrue(expected.containsKey(s.snapshotId()), "expected rows of " + s.snapshotId());
        assertSameRows(expected.get(s.snapshotId()), mine,
            "snapshot " + s.snapshotId() + ", written vs read");
      }
    }
  }

  static byte[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }

  // ---------------------------------------------------------------- metadata files

  /** {@code version-hint.text} holds the newest version as bare digits, nothing else. */
  static void assertVersionHint(Path metadataDir) throws IOException {
    byte[] hint = Files.readAllBytes(metadataDir.resolve("version-hint.text"));
    String text = new String(hint, StandardCharsets.US_ASCII);
    assertTrue(text.matches("[0-9]+"), "version hint is bare digits: '" + text + "'");
    assertEquals(latestVersion(metadataDir), Integer.parseInt(text), "version hint value");
  }

  /**
   * Every metadata file still inside the newest version's metadata-log parses with Iceberg's
   * parser, is format version 2 and has a log of at most the default 10 entries; every older one
   * is DataShard's superseded-version stub of exactly that version (never deleted).
   */
  static void assertEveryMetadataFileParses(Path metadataDir, String tableUuid) {
    HadoopFileIO io = new HadoopFileIO(CONF);
    int latest = latestVersion(metadataDir);
    int logSize = TableMetadata.DEFAULT_METADATA_LOG_SIZE;
    assertTrue(latest >= 1, "at least one metadata file");
    for (int v = 1; v <= latest; v++) {
      Path p = metadataDir.resolve("v" + v + ".metadata.json");
      if (v < latest - logSize) {
        JsonNode node;
        try {
          node = Json.parse(p.toString(), Files.readString(p));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        assertTrue(SupersededMetadataParser.isStub(node),
            p + " is a superseded-version stub");
        assertEquals(v, SupersededMetadataParser.fromJson(node)
            .version(), p + " stub version");
        continue;
      }
      org.apache.iceberg.TableMetadata m = TableMetadataParser.read(io, p.toUri().toString());
      assertEquals(2, m.formatVersion(), p + " format version");
      assertEquals(tableUuid, m.uuid(), p + " table uuid");
      assertEquals(Math.min(v - 1, logSize), m.previousFiles().size(), p + " metadata log length");
    }
  }
}

package io.datashard.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.datashard.DataFile;
import io.datashard.Schema;
import io.datashard.TableScan;
import io.datashard.internal.data.ParquetDataWriter;
import io.datashard.internal.data.RecordConverter;
import io.datashard.spi.StorageBackend;
import io.datashard.types.Field;
import io.datashard.types.PrimitiveType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.channels.Channels;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;

/**
 * Writes the rows of a scan (its snapshot, columns and filter) in formats other tools read:
 * Arrow IPC file and stream (pandas via pyarrow, polars, DuckDB), Parquet (anything), CSV and
 * JSON Lines. Every export streams batch by batch, in bounded memory, and returns the number of
 * rows written (Parquet: the files written). Output streams and writers are flushed, not closed.
 *
 * <p>Text forms (CSV and JSON Lines): dates, times and timestamps in ISO-8601 (timestamptz with
 * a {@code Z}), decimals in plain notation, uuids in their canonical form, fixed and binary in
 * base64, NaN and infinities as {@code NaN}, {@code Infinity}, {@code -Infinity} (quoted strings
 * in JSON, which has no such numbers). CSV has a header row and quotes fields per RFC 4180; a null
 * is an empty field. JSON Lines writes nulls as {@code null}.
 */
public final class ScanExport {
  private ScanExport() {}

  /** Writes an Arrow IPC file ({@code pyarrow.ipc.open_file(path).read_pandas()}). */
  public static long arrowFile(TableScan scan, OutputStream out) {
    return arrow(scan, out, true);
  }

  /** Writes an Arrow IPC stream ({@code pyarrow.ipc.open_stream(...)}). */
  public static long arrowStream(TableScan scan, OutputStream out) {
    return arrow(scan, out, false);
  }

  private static long arrow(TableScan scan, OutputStream out, boolean file) {
    long rows = 0;
    try (BufferAllocator allocator = new RootAllocator();
        ArrowReader reader = scan.toArrow(allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      try (ArrowWriter writer = file
          ? new ArrowFileWriter(root, null, Channels.newChannel(out))
          : new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
        writer.start();
        while (reader.loadNextBatch()) {
          writer.writeBatch();
          rows += root.getRowCount();
        }
        writer.end();
      }
      out.flush();
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("Arrow export failed: " + e.getMessage(), e);
    }
  }

  /**
   * Writes Parquet data files (ZSTD, with Iceberg field ids) under {@code keyPrefix} of a
   * backend, e.g. {@code warehouse.backend()}; a new file starts every {@code targetFileBytes}.
   * The files are not part of any table. Returns them; {@link DataFile#path()} is each URI.
   */
  public static List<DataFile> parquet(TableScan scan, StorageBackend backend, String keyPrefix,
      long targetFileBytes) {
    Schema schema = scan.schema();
    RecordConverter converter = new RecordConverter(schema);
    ParquetDataWriter writer =
        new ParquetDataWriter(backend, schema, keyPrefix, targetFileBytes);
    try (writer) {
      long[] n = {0};
      forEachRow(scan, row -> writer.write(converter.convert((int) n[0]++, row)));
      return writer.finish();
    }
  }

  /** Writes CSV with a header row. */
  public static long csv(TableScan scan, Writer out) {
    List<Field> fields = scan.schema().fields();
    try {
      for (int i = 0; i < fields.size(); i++) {
        out.write((i > 0 ? "," : "") + csvField(fields.get(i).name()));
      }
      out.write("\r\n");
      long rows = forEachRow(scan, row -> {
        try {
          int i = 0;
          for (Object v : row.values()) {
            out.write((i++ > 0 ? "," : "") + (v == null ? "" : csvField(text(v))));
          }
          out.write("\r\n");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      out.flush();
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("CSV export failed: " + e.getMessage(), e);
    }
  }

  /** Writes JSON Lines: one object per row, keys in column order. */
  public static long jsonLines(TableScan scan, Writer out) {
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      g.setRootValueSeparator(null);
      long rows = forEachRow(scan, row -> {
        try {
          g.writeStartObject();
          for (Map.Entry<String, Object> e : row.entrySet()) {
            g.writeFieldName(e.getKey());
            json(g, e.getValue());
          }
          g.writeEndObject();
          g.writeRaw('\n');
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      g.flush();
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("JSON Lines export failed: " + e.getMessage(), e);
    }
  }

  private static void json(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Boolean) {
      g.writeBoolean((Boolean) v);
    } else if (v instanceof Integer || v instanceof Long) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof BigDecimal) {
      g.writeNumber(((BigDecimal) v).toPlainString());
    } else if (v instanceof Float || v instanceof Double) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        g.writeString(text(v));
      } else if (v instanceof Float) {
        g.writeNumber((Float) v);
      } else {
        g.writeNumber(d);
      }
    } else {
      g.writeString(text(v));
    }
  }

  private static String text(Object v) {
    if (v instanceof byte[]) {
      return Base64.getEncoder().encodeToString((byte[]) v);
    }
    if (v instanceof BigDecimal) {
      return ((BigDecimal) v).toPlainString();
    }
    return v.toString(); // ISO-8601 for java.time, canonical uuid, NaN/Infinity
  }

  private static String csvField(String s) {
    if (s.isEmpty() || s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0
        || s.indexOf('\r') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  /** Streams the scan's rows as maps of Java values (one map reused per row is not assumed). */
  private static long forEachRow(TableScan scan,
      java.util.function.Consumer<Map<String, Object>> action) {
    List<Field> fields = scan.schema().fields();
    long rows = 0;
    try (BufferAllocator allocator = new RootAllocator();
        ArrowReader reader = scan.toArrow(allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      while (reader.loadNextBatch()) {
        for (int r = 0; r < root.getRowCount(); r++) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int c = 0; c < fields.size(); c++) {
            row.put(fields.get(c).name(), ArrowJavaValues.value(
                (PrimitiveType) fields.get(c).type(), root.getVector(c), r));
          }
          action.accept(row);
          rows++;
        }
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("Export failed while reading the scan: " + e.getMessage(), e);
    }
  }
}

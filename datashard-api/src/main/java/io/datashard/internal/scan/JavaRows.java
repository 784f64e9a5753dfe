package io.datashard.internal.scan;

import io.datashard.internal.data.JavaValues;
import io.datashard.internal.read.ColumnBatch;
import io.datashard.internal.read.ColumnData;
import io.datashard.types.Field;
import io.datashard.types.PrimitiveType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Turns batches into the read-side Java values of {@link io.datashard.types.Types}. */
public final class JavaRows {
  private JavaRows() {}

  /** Appends the selected rows of a batch as maps keyed by the projected column names. */
  static void addRows(ColumnBatch batch, List<Field> projection, List<Map<String, Object>> out) {
    int width = projection.size();
    for (int i = 0; i < batch.size(); i++) {
      int r = batch.row(i);
      Map<String, Object> row = new LinkedHashMap<>(width * 2);
      for (int c = 0; c < width; c++) {
        Field f = projection.get(c);
        row.put(f.name(), value((PrimitiveType) f.type(), batch.column(c), r));
      }
      out.add(row);
    }
  }

  /** The Java value of one row of a column, or null. */
  public static Object value(PrimitiveType type, ColumnData col, int row) {
    if (col.isNull(row)) {
      return null;
    }
    switch (type.typeId()) {
      case DECIMAL:
        return col.kind() == io.datashard.internal.read.Kind.LONG
            ? BigDecimal.valueOf(col.getLong(row), type.scale())
            : new BigDecimal((BigInteger) col.getObject(row), type.scale());
      case STRING:
        return new String((byte[]) col.getObject(row), StandardCharsets.UTF_8);
      case UUID:
        ByteBuffer b = ByteBuffer.wrap((byte[]) col.getObject(row));
        return new UUID(b.getLong(0), b.getLong(8));
      case FIXED:
      case BINARY:
        return ((byte[]) col.getObject(row)).clone();
      default:
        return JavaValues.toJava(type, col.get(row));
    }
  }
}

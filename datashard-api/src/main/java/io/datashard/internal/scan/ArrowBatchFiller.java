package io.datashard.internal.scan;

import io.datashard.internal.read.ColumnBatch;
import io.datashard.internal.read.ColumnData;
import java.math.BigInteger;
import java.util.List;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Puts the selected rows of a {@link ColumnBatch} into the vectors of a {@link VectorSchemaRoot}
 * made from {@link ArrowSchemas#toArrow}: a column the native reader handed over as an Arrow
 * vector of the output type is moved in as it is; the others are copied from the decoded column
 * arrays into buffers sized exactly for the batch, with no per-row objects.
 */
final class ArrowBatchFiller {
  private ArrowBatchFiller() {}

  /**
   * Replaces the root's contents with the batch's selected rows (read columns 0..n-1). A column
   * the batch holds as an Arrow vector of exactly the output type is moved into the root without
   * copying; the others are copied. The caller still releases the batch.
   */
  static void fill(VectorSchemaRoot root, ColumnBatch batch) {
    List<FieldVector> vectors = root.getFieldVectors();
    boolean[] moved = new boolean[vectors.size()];
    boolean copyAny = false;
    for (int c = 0; c < vectors.size(); c++) {
      FieldVector v = vectors.get(c);
      FieldVector source = batch.vector(c);
      if (source != null && sameType(source, v) && source.getValueCount() == batch.size()) {
        v.clear();
        source.makeTransferPair(v).transfer();
        moved[c] = true;
      } else {
        copyAny = true;
      }
    }
    if (copyAny) {
      copy(root, List.of(batch), moved);
    }
    root.setRowCount(batch.size());
  }

  /** Same vector class and Arrow type (names and nullability come from the output schema). */
  private static boolean sameType(FieldVector source, FieldVector target) {
    return source.getClass() == target.getClass()
        && source.getField().getType().equals(target.getField().getType());
  }

  /** Replaces the root's contents with the selected rows of several batches, in order. */
  static void fill(VectorSchemaRoot root, List<ColumnBatch> batches) {
    copy(root, batches, new boolean[root.getFieldVectors().size()]);
  }

  /** Copies the batches' rows into every column not already {@code moved} into the root. */
  private static void copy(VectorSchemaRoot root, List<ColumnBatch> batches, boolean[] moved) {
    int n = 0;
    for (ColumnBatch b : batches) {
      n += b.size();
    }
    List<FieldVector> vectors = root.getFieldVectors();
    for (int c = 0; c < vectors.size(); c++) {
      FieldVector v = vectors.get(c);
      if (moved[c]) {
        continue;
      }
      v.clear();
      allocate(v, c, batches, n);
      int out = 0;
      for (ColumnBatch b : batches) {
        ColumnData col = b.column(c);
        for (int i = 0; i < b.size(); i++, out++) {
          int r = b.row(i);
          if (col.isNull(r)) {
            v.setNull(out);
          } else {
            setValue(v, col, r, out);
          }
        }
      }
      v.setValueCount(n);
    }
    root.setRowCount(n);
  }

  private static void allocate(FieldVector v, int c, List<ColumnBatch> batches, int n) {
    if (v instanceof BaseVariableWidthVector) {
      long bytes = 0;
      for (ColumnBatch b : batches) {
        ColumnData col = b.column(c);
        for (int i = 0; i < b.size(); i++) {
          int r = b.row(i);
          if (!col.isNull(r)) {
            bytes += ((byte[]) col.getObject(r)).length;
          }
        }
      }
      ((BaseVariableWidthVector) v).allocateNew(Math.max(bytes, 1), Math.max(n, 1));
    } else {
      ((BaseFixedWidthVector) v).allocateNew(Math.max(n, 1));
    }
  }

  private static void setValue(FieldVector v, ColumnData col, int r, int i) {
    if (v instanceof IntVector) {
      ((IntVector) v).set(i, col.getInt(r));
    } else if (v instanceof BigIntVector) {
      ((BigIntVector) v).set(i, col.getLong(r));
    } else if (v instanceof VarCharVector) {
      ((VarCharVector) v).set(i, (byte[]) col.getObject(r));
    } else if (v instanceof Float8Vector) {
      ((Float8Vector) v).set(i, col.getDouble(r));
    } else if (v instanceof TimeStampVector) {
      ((TimeStampVector) v).set(i, col.getLong(r));
    } else if (v instanceof DecimalVector) {
      setDecimal((DecimalVector) v, col, r, i);
    } else if (v instanceof BitVector) {
      ((BitVector) v).set(i, col.getBoolean(r) ? 1 : 0);
    } else if (v instanceof Float4Vector) {
      ((Float4Vector) v).set(i, col.getFloat(r));
    } else if (v instanceof DateDayVector) {
      ((DateDayVector) v).set(i, col.getInt(r));
    } else if (v instanceof TimeMicroVector) {
      ((TimeMicroVector) v).set(i, col.getLong(r));
    } else if (v instanceof FixedSizeBinaryVector) {
      ((FixedSizeBinaryVector) v).set(i, (byte[]) col.getObject(r));
    } else if (v instanceof VarBinaryVector) {
      ((VarBinaryVector) v).set(i, (byte[]) col.getObject(r));
    } else {
      throw new IllegalStateException("Unexpected vector " + v.getClass().getName());
    }
  }

  private static void setDecimal(DecimalVector v, ColumnData col, int r, int i) {
    switch (col.kind()) {
      case LONG:
        v.set(i, col.getLong(r)); // the unscaled value
        break;
      default:
        v.setBigEndian(i, ((BigInteger) col.getObject(r)).toByteArray());
        break;
    }
  }
}

package io.datashard.internal.data;

import io.datashard.Schema;
import io.datashard.exceptions.CorruptTableException;
import io.datashard.exceptions.DataShardException;
import io.datashard.spi.StorageBackend;
import io.datashard.types.Field;
import io.datashard.types.PrimitiveType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Reads a Parquet data file as rows of read-side Java values in projection order.
 *
 * <p>Columns are matched to the projection by Parquet field id, so renamed columns still match;
 * a file written without field ids is matched by column name instead. A projected column the file
 * does not have reads as null. Only the projected columns are fetched and decoded.
 */
public final class ParquetDataReader {
  private ParquetDataReader() {}

  /**
   * Opens a data file. The caller closes the iterator.
   *
   * @throws io.datashard.exceptions.ObjectNotFoundException if the object does not exist
   * @throws CorruptTableException if it is not a readable Parquet file (also thrown while
   *     iterating, for a damaged page)
   */
  public static CloseableIterator<Object[]> open(
      StorageBackend backend, String key, Schema projection) {
    String location = backend.uri(key);
    BackendFiles.Input input = new BackendFiles.Input(backend, key);
    SeekableInputStream in = input.newStream();
    try {
      ParquetMetadata footer = ParquetPages.readFooter(in, input.getLength());
      return new Rows(location, in, footer, projection);
    } catch (DataShardException e) {
      closeQuietly(in);
      throw e;
    } catch (IOException | RuntimeException e) {
      closeQuietly(in);
      throw corrupt(location, e);
    }
  }

  /** True if a Parquet column of this physical type can be read as the table's type. */
  public static boolean readable(PrimitiveType type, org.apache.parquet.schema.PrimitiveType p) {
    return Rows.readable(type, p);
  }

  /** The error for a data file that cannot be read as Parquet. */
  public static CorruptTableException corrupt(String location, Exception e) {
    return new CorruptTableException(
        "Data file " + location + " is not a readable Parquet file (truncated, damaged or not "
            + "Parquet): " + e.getMessage() + ". Restore the file or remove it from the table.",
        e);
  }

  private static void closeQuietly(SeekableInputStream in) {
    try {
      in.close();
    } catch (IOException | RuntimeException e) {
      // Already failing or done; the original outcome matters more.
    }
  }

  /** The row iterator: one row group's record reader at a time. */
  private static final class Rows implements CloseableIterator<Object[]> {
    private final String location;
    private final SeekableInputStream in;
    private final List<BlockMetaData> blocks;
    private final MessageType requestedSchema;
    private final int width;
    private final MessageColumnIO columnIO;
    private final RowMaterializer materializer;
    private int nextBlock;
    private RecordReader<Object[]> records;
    private long remaining;
    private boolean closed;

    Rows(String location, SeekableInputStream in, ParquetMetadata footer, Schema projection) {
      this.location = location;
      this.in = in;
      this.blocks = footer.getBlocks();
      this.width = projection.fields().size();
      MessageType fileSchema = footer.getFileMetaData().getSchema();
      List<Type> requested = new ArrayList<>();
      List<Integer> slots = new ArrayList<>();
      List<PrimitiveType> types = new ArrayList<>();
      Map<Integer, Type> byId = new HashMap<>();
      for (Type t : fileSchema.getFields()) {
        if (t.getId() != null) {
          byId.put(t.getId().intValue(), t);
        }
      }
      boolean hasIds = !byId.isEmpty();
      for (int slot = 0; slot < width; slot++) {
        Field field = projection.fields().get(slot);
        Type fileType;
        if (hasIds) {
          fileType = byId.get(field.id());
        } else {
          fileType = fileSchema.containsField(field.name()) ? fileSchema.getType(field.name()) : null;
        }
        if (fileType == null) {
          continue; // not in this file: stays null
        }
        checkReadable(field, fileType);
        requested.add(fileType);
        slots.add(slot);
        types.add((PrimitiveType) field.type());
      }
      org.apache.parquet.schema.PrimitiveType[] fileTypes =
          new org.apache.parquet.schema.PrimitiveType[requested.size()];
      for (int i = 0; i < fileTypes.length; i++) {
        fileTypes[i] = requested.get(i).asPrimitiveType();
      }
      if (requested.isEmpty()) {
        // Parquet cannot assemble records from zero columns; the row counts are in the footer.
        this.requestedSchema = null;
        this.columnIO = null;
        this.materializer = null;
      } else {
        this.requestedSchema = new MessageType(fileSchema.getName(), requested);
        this.columnIO = new ColumnIOFactory().getColumnIO(this.requestedSchema, fileSchema);
        this.materializer =
            new RowMaterializer(
                width,
                slots.stream().mapToInt(Integer::intValue).toArray(),
                types.toArray(new PrimitiveType[0]),
                fileTypes);
      }
    }

    private void checkReadable(Field field, Type fileType) {
      PrimitiveType type = (PrimitiveType) field.type();
      if (!fileType.isPrimitive() || fileType.isRepetition(Type.Repetition.REPEATED)
          || !readable(type, fileType.asPrimitiveType())) {
        throw new CorruptTableException(
            "Data file " + location + " stores column '" + field.name() + "' (id " + field.id()
                + ") as Parquet " + fileType + ", which cannot be read as " + type
                + ": the file does not match the table schema");
      }
    }

    private static boolean readable(PrimitiveType type, org.apache.parquet.schema.PrimitiveType p) {
      PrimitiveTypeName n = p.getPrimitiveTypeName();
      switch (type.typeId()) {
        case BOOLEAN:
          return n == PrimitiveTypeName.BOOLEAN;
        case INT:
        case DATE:
          return n == PrimitiveTypeName.INT32;
        case LONG:
          return n == PrimitiveTypeName.INT32 || n == PrimitiveTypeName.INT64;
        case FLOAT:
          return n == PrimitiveTypeName.FLOAT;
        case DOUBLE:
          return n == PrimitiveTypeName.FLOAT || n == PrimitiveTypeName.DOUBLE;
        case TIME:
        case TIMESTAMP:
        case TIMESTAMPTZ:
          return n == PrimitiveTypeName.INT64;
        case DECIMAL:
          return n != PrimitiveTypeName.BOOLEAN && n != PrimitiveTypeName.FLOAT
              && n != PrimitiveTypeName.DOUBLE && n != PrimitiveTypeName.INT96;
        case STRING:
          return n == PrimitiveTypeName.BINARY;
        case UUID:
          return n == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY && p.getTypeLength() == 16;
        case FIXED:
          return n == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
        default:
          return n == PrimitiveTypeName.BINARY || n == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
      }
    }

    @Override
    public boolean hasNext() {
      if (closed) {
        return false;
      }
      while (remaining == 0) {
        if (!nextRowGroup()) {
          close();
          return false;
        }
      }
      return true;
    }

    private boolean nextRowGroup() {
      if (nextBlock >= blocks.size()) {
        return false;
      }
      BlockMetaData block = blocks.get(nextBlock++);
      if (columnIO == null) {
        remaining = block.getRowCount();
        return true;
      }
      try {
        PageReadStore pages = ParquetPages.readRowGroup(in, block, requestedSchema);
        remaining = pages.getRowCount();
        records = columnIO.getRecordReader(pages, materializer);
        return true;
      } catch (DataShardException e) {
        throw e;
      } catch (IOException | RuntimeException e) {
        throw corrupt(location, e);
      }
    }

    @Override
    public Object[] next() {
      if (!hasNext()) {
        throw new NoSuchElementException("No more rows in " + location);
      }
      remaining--;
      if (columnIO == null) {
        return new Object[width];
      }
      try {
        return records.read();
      } catch (DataShardException e) {
        throw e;
      } catch (RuntimeException e) {
        throw corrupt(location, e);
      }
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        closeQuietly(in);
      }
    }
  }
}

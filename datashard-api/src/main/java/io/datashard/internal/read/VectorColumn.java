package io.datashard.internal.read;

import io.datashard.internal.data.ParquetCodecs;
import io.datashard.types.PrimitiveType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.Set;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Decodes one flat Parquet column straight into Arrow vectors, in Java, a row group (column
 * chunk) at a time: fixed-width values are copied into the vector's data buffer in runs, strings
 * are gathered into one data buffer with their offsets, and no object is made per value. It
 * decodes what Parquet writers put in such columns almost always, PLAIN and dictionary-encoded
 * pages (v1 and v2) of a required or optional top-level column; {@link #unsuitable} says up front,
 * from the footer alone, when a column holds anything else, and the scan then uses another reader.
 *
 * <p>Anything in a page that contradicts its footer (a count, an encoding, a dictionary id, a
 * length) is an {@link IOException} naming the column, which the reader reports as a corrupt file.
 */
final class VectorColumn {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final Set<Encoding> DECODED = EnumSet.of(Encoding.PLAIN,
      Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY, Encoding.RLE, Encoding.BIT_PACKED);

  private final ColumnDescriptor column;
  private final String name;
  private final Field field;
  /** Bytes per value, or 0 for variable-width (string and binary) values. */
  private final int width;
  private final boolean optional;

  // The current column chunk.
  private byte[] chunk;
  private int chunkPos;
  private int chunkEnd;
  private CompressionCodecName codec;
  private long chunkValuesLeft;
  private byte[] dictionary; // fixed-width entries, width bytes each
  private byte[][] dictionaryEntries; // variable-width entries
  private int dictionarySize;

  // The current data page: its values section is page[valuesPos, valuesEnd).
  private byte[] page = new byte[0];
  private int valuesPos;
  private int valuesEnd;
  private int pageRows;
  private int pageRow;
  /** Definition level of each of the page's rows, or null if none of them is null. */
  private int[] levels;
  private int[] levelBuffer = new int[0];
  /** Dictionary ids of the page's non-null values, or null for a PLAIN page. */
  private int[] ids;
  private int[] idBuffer = new int[0];
  private int idPos;

  // Per batch scratch, reused.
  private byte[] values = new byte[0];
  private byte[] validity = new byte[0];
  private int[] offsets = new int[0];

  /**
   * @param arrowType the Arrow type of the table column (see {@link #arrowType})
   */
  VectorColumn(ColumnDescriptor column, ArrowType arrowType) {
    this.column = column;
    this.name = column.getPath()[0];
    this.field = new Field(name, FieldType.nullable(arrowType), null);
    PrimitiveTypeName physical = column.getPrimitiveType().getPrimitiveTypeName();
    this.width = physical == PrimitiveTypeName.BINARY ? 0
        : physical == PrimitiveTypeName.INT64 || physical == PrimitiveTypeName.DOUBLE ? 8 : 4;
    this.optional = column.getMaxDefinitionLevel() == 1;
  }

  /** The file column this decodes. */
  ColumnDescriptor column() {
    return column;
  }

  /** The file column's name, which its vectors carry. */
  String name() {
    return name;
  }

  /**
   * Why this decoder cannot read the column chunk, or null if it can: a column that is nested,
   * repeated or of a type it does not convert exactly, or a chunk with another encoding or codec.
   */
  static String unsuitable(ColumnDescriptor column, PrimitiveType tableType,
      ColumnChunkMetaData chunk) {
    if (column.getPath().length != 1 || column.getMaxRepetitionLevel() != 0
        || column.getMaxDefinitionLevel() > 1) {
      return "column '" + String.join(".", column.getPath()) + "' is nested or repeated";
    }
    if (!converts(tableType, column.getPrimitiveType())) {
      return "column '" + column.getPath()[0] + "' is " + column.getPrimitiveType()
          + ", which the vectorized reader does not convert to " + tableType;
    }
    for (Encoding e : chunk.getEncodings()) {
      // BIT_PACKED is listed for the (empty) repetition levels of every flat column; pages whose
      // definition levels use it (writers before 2013) are reported when read.
      if (!DECODED.contains(e)) {
        return "column '" + column.getPath()[0] + "' has " + e + " pages";
      }
    }
    switch (chunk.getCodec()) {
      case UNCOMPRESSED:
      case ZSTD:
      case SNAPPY:
      case GZIP:
        return null;
      default:
        return "column '" + column.getPath()[0] + "' is compressed with " + chunk.getCodec();
    }
  }

  /** True if Parquet values of this type are exactly the table type's Arrow values. */
  private static boolean converts(PrimitiveType type,
      org.apache.parquet.schema.PrimitiveType file) {
    PrimitiveTypeName p = file.getPrimitiveTypeName();
    LogicalTypeAnnotation logical = file.getLogicalTypeAnnotation();
    switch (type.typeId()) {
      case INT:
        return p == PrimitiveTypeName.INT32 && (logical == null || isInt(logical, 32));
      case LONG:
        return p == PrimitiveTypeName.INT64 && (logical == null || isInt(logical, 64));
      case FLOAT:
        return p == PrimitiveTypeName.FLOAT;
      case DOUBLE:
        return p == PrimitiveTypeName.DOUBLE;
      case DATE:
        return p == PrimitiveTypeName.INT32
            && logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation;
      case TIME:
        return p == PrimitiveTypeName.INT64
            && logical instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation
            && ((LogicalTypeAnnotation.TimeLogicalTypeAnnotation) logical).getUnit()
                == LogicalTypeAnnotation.TimeUnit.MICROS;
      case TIMESTAMP:
      case TIMESTAMPTZ:
        return p == PrimitiveTypeName.INT64
            && logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
            && ((LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) logical).getUnit()
                == LogicalTypeAnnotation.TimeUnit.MICROS
            && ((LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) logical)
                .isAdjustedToUTC() == (type.typeId() == io.datashard.types.TypeId.TIMESTAMPTZ);
      case STRING:
        return p == PrimitiveTypeName.BINARY
            && (logical == null || logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation);
      case BINARY:
        return p == PrimitiveTypeName.BINARY && logical == null;
      default:
        return false;
    }
  }

  private static boolean isInt(LogicalTypeAnnotation logical, int bits) {
    return logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation
        && ((LogicalTypeAnnotation.IntLogicalTypeAnnotation) logical).getBitWidth() == bits
        && ((LogicalTypeAnnotation.IntLogicalTypeAnnotation) logical).isSigned();
  }

  /**
   * Starts the column's chunk of the next row group, whose bytes (page headers and pages) are
   * {@code bytes}; reads its dictionary page, if any.
   */
  void startChunk(byte[] bytes, ColumnChunkMetaData meta) {
    chunk = bytes;
    chunkPos = 0;
    chunkEnd = bytes.length;
    codec = meta.getCodec();
    chunkValuesLeft = meta.getValueCount();
    dictionary = null;
    dictionaryEntries = null;
    dictionarySize = 0;
    pageRows = 0;
    pageRow = 0;
  }

  /** Checks that the chunk's values were all read (called at the end of each row group). */
  void endChunk() throws IOException {
    if (chunkValuesLeft != 0 || pageRow != pageRows) {
      throw new IOException("column '" + name + "' holds more values than its row group");
    }
  }

  /** Decodes the chunk's next {@code n} rows into a new vector the caller owns. */
  FieldVector read(int n, BufferAllocator allocator) throws IOException {
    FieldVector v = field.createVector(allocator);
    try {
      if (width > 0) {
        readFixed((BaseFixedWidthVector) v, n);
      } else {
        readVariable((BaseVariableWidthVector) v, n);
      }
      return v;
    } catch (IOException | RuntimeException | Error e) {
      v.close();
      throw e;
    }
  }

  private void readFixed(BaseFixedWidthVector v, int n) throws IOException {
    v.allocateNew(n);
    ArrowBuf data = v.getDataBuffer();
    int validBytes = startValidity(n);
    int k = 0;
    while (k < n) {
      nextPageIfDone(n - k);
      int take = Math.min(n - k, pageRows - pageRow);
      int bytes = take * width;
      if (levels == null && ids == null) { // plain values: one copy straight from the page
        checkValues(bytes);
        data.setBytes((long) k * width, page, valuesPos, bytes);
        valuesPos += bytes;
      } else {
        byte[] out = scratch(bytes);
        for (int r = 0; r < take; r++) {
          if (levels != null && levels[pageRow + r] == 0) {
            fill(out, r * width, width);
            continue;
          }
          if (ids != null) {
            copyEntry(ids[idPos++], out, r * width);
          } else {
            checkValues(width);
            System.arraycopy(page, valuesPos, out, r * width, width);
            valuesPos += width;
          }
        }
        data.setBytes((long) k * width, out, 0, bytes);
      }
      markValid(k, take);
      pageRow += take;
      k += take;
    }
    v.getValidityBuffer().setBytes(0, validity, 0, validBytes);
    v.setValueCount(n);
  }

  private void copyEntry(int id, byte[] out, int at) {
    if (width == 8) {
      LONGS.set(out, at, (long) LONGS.get(dictionary, id * 8));
    } else {
      INTS.set(out, at, (int) INTS.get(dictionary, id * 4));
    }
  }

  private static void fill(byte[] out, int from, int len) {
    for (int i = 0; i < len; i++) {
      out[from + i] = 0;
    }
  }

  private void readVariable(BaseVariableWidthVector v, int n) throws IOException {
    if (offsets.length < n + 1) {
      offsets = new int[n + 1];
    }
    int validBytes = startValidity(n);
    byte[] out = values;
    int len = 0;
    int k = 0;
    while (k < n) {
      nextPageIfDone(n - k);
      int take = Math.min(n - k, pageRows - pageRow);
      for (int r = 0; r < take; r++) {
        if (levels == null || levels[pageRow + r] != 0) {
          byte[] src;
          int from;
          int size;
          if (ids != null) {
            src = dictionaryEntries[ids[idPos++]];
            from = 0;
            size = src.length;
          } else {
            checkValues(4);
            size = (int) INTS.get(page, valuesPos);
            valuesPos += 4;
            if (size < 0) {
              throw new IOException("column '" + name + "' has a value of length " + size);
            }
            checkValues(size);
            src = page;
            from = valuesPos;
            valuesPos += size;
          }
          if (len + size > out.length || len + size < 0) {
            out = grow(out, len, size);
          }
          System.arraycopy(src, from, out, len, size);
          len += size;
        }
        offsets[k + r + 1] = len;
      }
      markValid(k, take);
      pageRow += take;
      k += take;
    }
    values = out;
    v.allocateNew(Math.max(len, 1), n);
    offsets[0] = 0;
    v.getOffsetBuffer().nioBuffer(0, (n + 1) * 4).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer()
        .put(offsets, 0, n + 1);
    v.getDataBuffer().setBytes(0, out, 0, len);
    v.getValidityBuffer().setBytes(0, validity, 0, validBytes);
    v.setLastSet(n - 1);
    v.setValueCount(n);
  }

  private byte[] grow(byte[] out, int len, int more) throws IOException {
    long need = (long) len + more;
    if (need > Integer.MAX_VALUE - 8) {
      throw new IOException("a batch of column '" + name + "' holds over 2 GiB of values;"
          + " read it with a smaller batch size");
    }
    return java.util.Arrays.copyOf(out, (int) Math.min(Integer.MAX_VALUE - 8,
        Math.max(need, (long) out.length * 2)));
  }

  private int startValidity(int n) {
    int bytes = (n + 7) / 8;
    if (validity.length < bytes) {
      validity = new byte[bytes];
    } else {
      java.util.Arrays.fill(validity, 0, bytes, (byte) 0);
    }
    return bytes;
  }

  /** Sets the validity bits of rows [k, k + take) of the batch from the page's levels. */
  private void markValid(int k, int take) {
    if (levels == null) {
      setBits(k, take);
      return;
    }
    for (int r = 0; r < take; r++) {
      int bit = k + r;
      if (levels[pageRow + r] != 0) {
        validity[bit >> 3] |= (byte) (1 << (bit & 7));
      }
    }
  }

  /** Sets bits [from, from + count) of {@link #validity}, whole bytes where it can. */
  private void setBits(int from, int count) {
    int bit = from;
    int end = from + count;
    while (bit < end && (bit & 7) != 0) {
      validity[bit >> 3] |= (byte) (1 << (bit & 7));
      bit++;
    }
    int wholeEnd = end & ~7;
    if (bit < wholeEnd) {
      java.util.Arrays.fill(validity, bit >> 3, wholeEnd >> 3, (byte) 0xFF);
      bit = wholeEnd;
    }
    while (bit < end) {
      validity[bit >> 3] |= (byte) (1 << (bit & 7));
      bit++;
    }
  }

  private byte[] scratch(int bytes) {
    if (values.length < bytes) {
      values = new byte[bytes];
    }
    return values;
  }

  private void checkValues(int bytes) throws IOException {
    if (bytes > valuesEnd - valuesPos) {
      throw new IOException("column '" + name + "' has a page whose values end early");
    }
  }

  /** Moves to the next data page if the current one is used up. */
  private void nextPageIfDone(int wanted) throws IOException {
    while (pageRow == pageRows) {
      if (chunkValuesLeft == 0 || chunkPos >= chunkEnd) {
        throw new IOException("column '" + name + "' holds fewer values than its row group ("
            + wanted + " rows missing)");
      }
      readPage();
    }
  }

  /** Reads the next page of the chunk: a dictionary page is kept, a data page made current. */
  private void readPage() throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(chunk, chunkPos, chunkEnd - chunkPos);
    PageHeader header = Util.readPageHeader(in);
    int headerEnd = chunkEnd - in.available();
    int compressed = header.getCompressed_page_size();
    int size = header.getUncompressed_page_size();
    if (compressed < 0 || size < 0 || compressed > chunkEnd - headerEnd) {
      throw new IOException("column '" + name + "' has a page that does not fit its chunk");
    }
    chunkPos = headerEnd + compressed;
    switch (header.getType()) {
      case DICTIONARY_PAGE:
        readDictionary(header, headerEnd, compressed, size);
        break;
      case DATA_PAGE:
        readDataPageV1(header.getData_page_header(), headerEnd, compressed, size);
        break;
      case DATA_PAGE_V2:
        readDataPageV2(header.getData_page_header_v2(), headerEnd, compressed, size);
        break;
      default:
        break; // index pages hold nothing a reader of all rows needs
    }
  }

  private byte[] decompress(int from, int compressed, int size) throws IOException {
    if (page.length < size) {
      page = new byte[Math.max(size, page.length * 2)];
    }
    ParquetCodecs.decompressInto(codec, chunk, from, compressed, page, 0, size);
    return page;
  }

  private void readDictionary(PageHeader header, int from, int compressed, int size)
      throws IOException {
    if (dictionarySize != 0 || dictionary != null || dictionaryEntries != null) {
      throw new IOException("column '" + name + "' has two dictionary pages in a row group");
    }
    Encoding e = Encoding.valueOf(header.getDictionary_page_header().getEncoding().name());
    if (e != Encoding.PLAIN && e != Encoding.PLAIN_DICTIONARY) {
      throw new IOException("column '" + name + "' has a dictionary page in " + e);
    }
    int count = header.getDictionary_page_header().getNum_values();
    byte[] b = new byte[size];
    ParquetCodecs.decompressInto(codec, chunk, from, compressed, b, 0, size);
    if (width > 0) {
      if (count < 0 || (long) count * width > size) {
        throw new IOException("column '" + name + "' has a dictionary page of " + size
            + " bytes for " + count + " values");
      }
      dictionary = b;
    } else {
      dictionaryEntries = new byte[count][];
      int pos = 0;
      for (int i = 0; i < count; i++) {
        if (pos + 4 > size) {
          throw new IOException("column '" + name + "' has a truncated dictionary page");
        }
        int len = (int) INTS.get(b, pos);
        pos += 4;
        if (len < 0 || len > size - pos) {
          throw new IOException("column '" + name + "' has a truncated dictionary page");
        }
        dictionaryEntries[i] = java.util.Arrays.copyOfRange(b, pos, pos + len);
        pos += len;
      }
    }
    dictionarySize = count;
  }

  private void readDataPageV1(DataPageHeader h, int from, int compressed, int size)
      throws IOException {
    byte[] b = decompress(from, compressed, size);
    int rows = startPage(h.getNum_values());
    int pos = 0;
    if (optional) {
      Encoding dl = Encoding.valueOf(h.getDefinition_level_encoding().name());
      if (dl != Encoding.RLE) {
        throw new IOException("column '" + name + "' has definition levels in " + dl
            + ", which the vectorized reader does not decode; read it with read.native=true");
      }
      if (size < 4) {
        throw new IOException("column '" + name + "' has a truncated page");
      }
      int len = (int) INTS.get(b, 0);
      if (len < 0 || len > size - 4) {
        throw new IOException("column '" + name + "' has definition levels that do not fit");
      }
      decodeLevels(b, 4, 4 + len, rows);
      pos = 4 + len;
    }
    startValues(Encoding.valueOf(h.getEncoding().name()), b, pos, size, rows);
  }

  private void readDataPageV2(DataPageHeaderV2 h, int from, int compressed, int size)
      throws IOException {
    int rl = h.getRepetition_levels_byte_length();
    int dl = h.getDefinition_levels_byte_length();
    if (rl != 0 || dl < 0 || dl > compressed || dl > size) {
      throw new IOException("column '" + name + "' has a v2 page with invalid level lengths");
    }
    int rows = startPage(h.getNum_values());
    // v2 levels are never compressed; only the values section may be.
    byte[] b;
    int valuesSize = size - dl;
    if (!h.isSetIs_compressed() || h.isIs_compressed()) {
      if (page.length < size) {
        page = new byte[Math.max(size, page.length * 2)];
      }
      b = page;
      System.arraycopy(chunk, from, b, 0, dl);
      ParquetCodecs.decompressInto(codec, chunk, from + dl, compressed - dl, b, dl, valuesSize);
    } else {
      if (compressed != size) {
        throw new IOException("column '" + name + "' has an uncompressed v2 page of "
            + compressed + " bytes whose header says " + size);
      }
      if (page.length < size) {
        page = new byte[Math.max(size, page.length * 2)];
      }
      b = page;
      System.arraycopy(chunk, from, b, 0, size);
    }
    if (optional) {
      decodeLevels(b, 0, dl, rows);
    } else if (dl != 0) {
      throw new IOException("column '" + name + "' is required but has definition levels");
    }
    startValues(Encoding.valueOf(h.getEncoding().name()), b, dl, size, rows);
  }

  private int startPage(int rows) throws IOException {
    if (rows < 0 || rows > chunkValuesLeft) {
      throw new IOException("column '" + name + "' has a page of " + rows + " values, more than"
          + " its chunk has left (" + chunkValuesLeft + ")");
    }
    chunkValuesLeft -= rows;
    levels = null;
    return rows;
  }

  private void decodeLevels(byte[] b, int from, int to, int rows) throws IOException {
    if (levelBuffer.length < rows) {
      levelBuffer = new int[rows];
    }
    try {
      HybridDecoder.decode(b, from, to, 1, levelBuffer, rows);
    } catch (IOException e) {
      throw new IOException("column '" + name + "' has definition levels that do not decode: "
          + e.getMessage(), e);
    }
    int defined = 0;
    for (int i = 0; i < rows; i++) {
      defined += levelBuffer[i];
    }
    levels = defined == rows ? null : levelBuffer;
  }

  private void startValues(Encoding encoding, byte[] b, int from, int to, int rows)
      throws IOException {
    int defined = rows;
    if (levels != null) {
      defined = 0;
      for (int i = 0; i < rows; i++) {
        if (levels[i] > 1) {
          throw new IOException("column '" + name + "' has definition level " + levels[i]);
        }
        defined += levels[i];
      }
    }
    page = b;
    pageRows = rows;
    pageRow = 0;
    if (encoding == Encoding.PLAIN) {
      ids = null;
      valuesPos = from;
      valuesEnd = to;
      return;
    }
    if (encoding != Encoding.PLAIN_DICTIONARY && encoding != Encoding.RLE_DICTIONARY) {
      throw new IOException("column '" + name + "' has a data page in " + encoding
          + ", which its footer does not list");
    }
    if (dictionary == null && dictionaryEntries == null) {
      throw new IOException("column '" + name + "' has dictionary ids but no dictionary page");
    }
    if (idBuffer.length < defined) {
      idBuffer = new int[defined];
    }
    if (defined > 0) {
      if (from >= to) {
        throw new IOException("column '" + name + "' has a page without dictionary ids");
      }
      try {
        HybridDecoder.decode(b, from + 1, to, b[from] & 0xFF, idBuffer, defined);
      } catch (IOException e) {
        throw new IOException("column '" + name + "' has dictionary ids that do not decode: "
            + e.getMessage(), e);
      }
      int size = dictionarySize;
      for (int i = 0; i < defined; i++) {
        if (idBuffer[i] >= size || idBuffer[i] < 0) {
          throw new IOException("column '" + name + "' refers to dictionary entry "
              + idBuffer[i] + " of " + size);
        }
      }
    }
    ids = idBuffer;
    idPos = 0;
  }
}

package io.datashard.internal.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DataPageHeaderV2;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.Util;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;

/**
 * Reads a Parquet footer and the pages of requested column chunks, without parquet-hadoop's
 * {@code ParquetFileReader}: its options builder ({@code ParquetReadOptions.Builder}) loads Hadoop
 * classes unconditionally (a Hadoop codec factory and {@code ParquetInputFormat}), and Hadoop
 * must never be needed at run time. The footer is decoded by parquet's own metadata converter;
 * values are decoded by parquet-column's record readers over the pages built here.
 *
 * <p>Each requested column chunk is fetched with one seek and one read, which is also what keeps
 * the number of requests to object stores low.
 */
public final class ParquetPages {
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
  private static final int TAIL = 8; // 4-byte footer length + magic

  private ParquetPages() {}

  /**
   * Reads and decodes the footer.
   *
   * @throws IOException if the object is not a Parquet file or is truncated
   */
  public static ParquetMetadata readFooter(SeekableInputStream in, long length) throws IOException {
    if (length < MAGIC.length + TAIL) {
      throw new IOException("it is " + length + " bytes long, too short for a Parquet file");
    }
    byte[] head = new byte[MAGIC.length];
    in.seek(0);
    in.readFully(head);
    byte[] tail = new byte[TAIL];
    in.seek(length - TAIL);
    in.readFully(tail);
    if (!java.util.Arrays.equals(head, MAGIC)
        || !java.util.Arrays.equals(tail, 4, 8, MAGIC, 0, 4)) {
      throw new IOException("it does not start and end with the Parquet magic bytes PAR1");
    }
    int footerLength = ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    if (footerLength <= 0 || footerLength > length - TAIL - MAGIC.length) {
      throw new IOException("its footer length " + footerLength + " does not fit the file");
    }
    byte[] footer = new byte[footerLength];
    in.seek(length - TAIL - footerLength);
    in.readFully(footer);
    // Decoded in two steps because the converter's one-step reader, built without Hadoop-era
    // read options, passes an invalid Thrift message size limit (-1) in parquet 1.17.
    FileMetaData metadata =
        Util.readFileMetaData(new ByteArrayInputStream(footer), Integer.MAX_VALUE);
    return new ParquetMetadataConverter().fromParquetMetadata(metadata);
  }

  /** Reads the pages of every column of {@code requested} in one row group. */
  public static PageReadStore readRowGroup(SeekableInputStream in, BlockMetaData block,
      MessageType requested) throws IOException {
    Map<ColumnPath, ColumnChunkMetaData> chunks = new HashMap<>();
    for (ColumnChunkMetaData chunk : block.getColumns()) {
      chunks.put(chunk.getPath(), chunk);
    }
    Map<ColumnPath, PageReader> readers = new HashMap<>();
    for (ColumnDescriptor column : requested.getColumns()) {
      ColumnPath path = ColumnPath.get(column.getPath());
      ColumnChunkMetaData chunk = chunks.get(path);
      if (chunk == null) {
        throw new IOException("row group has no column chunk for " + path);
      }
      readers.put(path, readChunk(in, chunk, column));
    }
    long rows = block.getRowCount();
    return new PageReadStore() {
      @Override
      public PageReader getPageReader(ColumnDescriptor descriptor) {
        return readers.get(ColumnPath.get(descriptor.getPath()));
      }

      @Override
      public long getRowCount() {
        return rows;
      }
    };
  }

  private static PageReader readChunk(SeekableInputStream in, ColumnChunkMetaData chunk,
      ColumnDescriptor column) throws IOException {
    long size = chunk.getTotalSize();
    if (size < 0 || size > Integer.MAX_VALUE) {
      throw new IOException("column chunk " + chunk.getPath() + " has invalid size " + size);
    }
    byte[] bytes = new byte[(int) size];
    in.seek(chunk.getStartingPos());
    in.readFully(bytes);
    ByteArrayInputStream stream = new ByteArrayInputStream(bytes);
    org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor decompressor =
        ParquetCodecs.get().getDecompressor(chunk.getCodec());
    Statistics<?> noStats = Statistics.createStats(column.getPrimitiveType());
    DictionaryPage dictionary = null;
    Deque<DataPage> pages = new ArrayDeque<>();
    long valuesRead = 0;
    while (valuesRead < chunk.getValueCount()) {
      PageHeader header = Util.readPageHeader(stream);
      int compressedSize = header.getCompressed_page_size();
      int uncompressedSize = header.getUncompressed_page_size();
      byte[] page = stream.readNBytes(compressedSize);
      if (page.length != compressedSize) {
        throw new IOException("column chunk " + chunk.getPath() + " ends inside a page");
      }
      switch (header.getType()) {
        case DICTIONARY_PAGE:
          dictionary =
              new DictionaryPage(
                  decompressor.decompress(BytesInput.from(page), uncompressedSize),
                  header.getDictionary_page_header().getNum_values(),
                  encoding(header.getDictionary_page_header().getEncoding()));
          break;
        case DATA_PAGE:
          DataPageHeader v1 = header.getData_page_header();
          pages.add(
              new DataPageV1(
                  decompressor.decompress(BytesInput.from(page), uncompressedSize),
                  v1.getNum_values(),
                  uncompressedSize,
                  noStats,
                  encoding(v1.getRepetition_level_encoding()),
                  encoding(v1.getDefinition_level_encoding()),
                  encoding(v1.getEncoding())));
          valuesRead += v1.getNum_values();
          break;
        case DATA_PAGE_V2:
          pages.add(pageV2(header, page, decompressor, noStats));
          valuesRead += header.getData_page_header_v2().getNum_values();
          break;
        default:
          break; // index pages carry nothing a reader needs
      }
    }
    long totalValues = chunk.getValueCount();
    DictionaryPage dict = dictionary;
    return new PageReader() {
      @Override
      public DictionaryPage readDictionaryPage() {
        return dict;
      }

      @Override
      public long getTotalValueCount() {
        return totalValues;
      }

      @Override
      public DataPage readPage() {
        return pages.poll();
      }
    };
  }

  private static DataPage pageV2(PageHeader header, byte[] page,
      org.apache.parquet.compression.CompressionCodecFactory.BytesInputDecompressor decompressor,
      Statistics<?> noStats) throws IOException {
    DataPageHeaderV2 v2 = header.getData_page_header_v2();
    int rlLength = v2.getRepetition_levels_byte_length();
    int dlLength = v2.getDefinition_levels_byte_length();
    int levels = rlLength + dlLength;
    // In v2 pages the levels are never compressed; only the values section may be.
    BytesInput data = BytesInput.from(page, levels, page.length - levels);
    if (!v2.isSetIs_compressed() || v2.isIs_compressed()) {
      data = decompressor.decompress(data, header.getUncompressed_page_size() - levels);
    }
    return DataPageV2.uncompressed(
        v2.getNum_rows(),
        v2.getNum_nulls(),
        v2.getNum_values(),
        BytesInput.from(page, 0, rlLength),
        BytesInput.from(page, rlLength, dlLength),
        encoding(v2.getEncoding()),
        data,
        noStats);
  }

  private static Encoding encoding(org.apache.parquet.format.Encoding encoding) {
    return Encoding.valueOf(encoding.name());
  }
}

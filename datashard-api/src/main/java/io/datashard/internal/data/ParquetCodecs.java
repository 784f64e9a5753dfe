package io.datashard.internal.data;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet page compression without Hadoop. Parquet's default codec factory instantiates Hadoop
 * codec classes (even for uncompressed data), which must never be on our runtime class path, so
 * this factory calls the compression libraries directly: zstd-jni for ZSTD (DataShard's and
 * Iceberg-Java's default), snappy-java for SNAPPY and java.util.zip for GZIP.
 *
 * <p>Each compressor and decompressor is stateless apart from its codec, so instances are cheap
 * and safe to hand to any number of writers and readers.
 */
public final class ParquetCodecs implements CompressionCodecFactory {
  /** zstd level 3 is the library default: good ratio at about 300 MB/s per core. */
  static final int ZSTD_LEVEL = 3;

  private static final ParquetCodecs INSTANCE = new ParquetCodecs();

  private ParquetCodecs() {}

  /** The shared factory. */
  public static ParquetCodecs get() {
    return INSTANCE;
  }

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    check(codec);
    return new Compressor(codec);
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    check(codec);
    return new Decompressor(codec);
  }

  @Override
  public void release() {
    // Nothing pooled.
  }

  private static void check(CompressionCodecName codec) {
    switch (codec) {
      case UNCOMPRESSED:
      case ZSTD:
      case SNAPPY:
      case GZIP:
        return;
      default:
        throw new UnsupportedOperationException(
            "Parquet compression codec " + codec + " is not supported: DataShard reads and writes "
                + "ZSTD, SNAPPY, GZIP and UNCOMPRESSED pages; rewrite the file with one of those");
    }
  }

  /**
   * Decompresses {@code src[off, off + len)} into {@code dst[dstOff, dstOff + size)} (which must
   * fit), for readers that reuse one buffer across pages.
   *
   * @throws IOException if the data is damaged or does not decompress to exactly {@code size}
   *     bytes
   */
  public static void decompressInto(CompressionCodecName codec, byte[] src, int off, int len,
      byte[] dst, int dstOff, int size) throws IOException {
    check(codec);
    int done;
    switch (codec) {
      case UNCOMPRESSED:
        if (len > dst.length - dstOff) {
          throw new IOException("page holds " + len + " bytes, the page header says " + size);
        }
        System.arraycopy(src, off, dst, dstOff, len);
        done = len;
        break;
      case ZSTD:
        try {
          done = (int) Zstd.decompressByteArray(dst, dstOff, size, src, off, len);
        } catch (RuntimeException e) { // zstd-jni reports damaged frames as ZstdException
          throw new IOException("ZSTD page does not decompress: " + e.getMessage(), e);
        }
        break;
      case SNAPPY:
        int expected = Snappy.uncompressedLength(src, off, len);
        if (expected != size) {
          throw new IOException(
              "SNAPPY page holds " + expected + " bytes, the page header says " + size);
        }
        done = Snappy.uncompress(src, off, len, dst, dstOff);
        break;
      default:
        done = 0;
        try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(src, off, len))) {
          while (done < size) {
            int n = gz.read(dst, dstOff + done, size - done);
            if (n < 0) {
              break;
            }
            done += n;
          }
          if (done == size && gz.read() >= 0) {
            done++; // more than the header says
          }
        }
        break;
    }
    if (done != size) {
      throw new IOException(
          codec + " page holds " + (done > size ? "more than " + size : String.valueOf(done))
              + " bytes, the page header says " + size);
    }
  }

  private static final class Compressor implements BytesInputCompressor {
    private final CompressionCodecName codec;

    Compressor(CompressionCodecName codec) {
      this.codec = codec;
    }

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      switch (codec) {
        case UNCOMPRESSED:
          return bytes;
        case ZSTD:
          return BytesInput.from(Zstd.compress(bytes.toByteArray(), ZSTD_LEVEL));
        case SNAPPY:
          return BytesInput.from(Snappy.compress(bytes.toByteArray()));
        default:
          ByteArrayOutputStream out = new ByteArrayOutputStream((int) bytes.size() / 2 + 64);
          try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            bytes.writeAllTo(gz);
          }
          return BytesInput.from(out.toByteArray());
      }
    }

    @Override
    public CompressionCodecName getCodecName() {
      return codec;
    }

    @Override
    public void release() {}
  }

  private static final class Decompressor implements BytesInputDecompressor {
    private final CompressionCodecName codec;

    Decompressor(CompressionCodecName codec) {
      this.codec = codec;
    }

    @Override
    public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
      if (codec == CompressionCodecName.UNCOMPRESSED) {
        return bytes;
      }
      return BytesInput.from(decompress(bytes.toByteArray(), uncompressedSize));
    }

    @Override
    public void decompress(
        ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
        throws IOException {
      // Copying through arrays handles heap and direct buffers alike; page buffers are small.
      byte[] in = new byte[compressedSize];
      input.duplicate().get(in);
      byte[] out =
          codec == CompressionCodecName.UNCOMPRESSED ? in : decompress(in, uncompressedSize);
      output.put(out, 0, uncompressedSize);
    }

    private byte[] decompress(byte[] in, int uncompressedSize) throws IOException {
      byte[] out = new byte[uncompressedSize];
      decompressInto(codec, in, 0, in.length, out, 0, uncompressedSize);
      return out;
    }

    @Override
    public void release() {}
  }
}

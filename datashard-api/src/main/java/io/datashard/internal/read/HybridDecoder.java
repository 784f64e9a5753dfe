package io.datashard.internal.read;

import java.io.IOException;
import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;

/**
 * Parquet's RLE / bit-packing hybrid encoding (definition levels and dictionary ids), decoded a
 * whole page at a time into an {@code int[]}: runs of one repeated value are filled, bit-packed
 * groups of eight are unpacked by parquet-column's generated packers.
 */
final class HybridDecoder {
  private static final BytePacker[] PACKERS = new BytePacker[33];

  static {
    for (int w = 0; w <= 32; w++) {
      PACKERS[w] = Packer.LITTLE_ENDIAN.newBytePacker(w);
    }
  }

  private HybridDecoder() {}

  /**
   * Decodes {@code count} values of bit width {@code bitWidth} from {@code b[pos, end)} into
   * {@code out[0, count)}.
   *
   * @return the position after the last run read
   * @throws IOException if the runs end before {@code count} values
   */
  static int decode(byte[] b, int pos, int end, int bitWidth, int[] out, int count)
      throws IOException {
    if (bitWidth < 0 || bitWidth > 32) {
      throw new IOException("bit width " + bitWidth + " is not between 0 and 32");
    }
    BytePacker packer = PACKERS[bitWidth];
    int n = 0;
    while (n < count) {
      if (pos >= end) {
        throw new IOException("the encoded values end after " + n + " of " + count);
      }
      long header = 0;
      int shift = 0;
      int by;
      do {
        if (pos >= end || shift > 35) {
          throw new IOException("a run header is truncated or too long");
        }
        by = b[pos++] & 0xFF;
        header |= (long) (by & 0x7F) << shift;
        shift += 7;
      } while ((by & 0x80) != 0);
      if ((header & 1) == 1) { // bit-packed: (header >> 1) groups of 8 values
        long values = (header >>> 1) * 8;
        // Writers may stop a page's last run short of its declared groups (as parquet-mr reads).
        int runEnd = pos + (int) Math.min((header >>> 1) * bitWidth, end - pos);
        while (n < count && values > 0) {
          int take = (int) Math.min(Math.min(8, values), count - n);
          if (bitWidth == 0) {
            java.util.Arrays.fill(out, n, n + take, 0);
          } else if (pos + bitWidth <= runEnd && take == 8) {
            packer.unpack8Values(b, pos, out, n);
          } else if (pos < runEnd) {
            byte[] group = new byte[bitWidth]; // the last group, zero-padded if cut short
            System.arraycopy(b, pos, group, 0, Math.min(bitWidth, runEnd - pos));
            int[] eight = new int[8];
            packer.unpack8Values(group, 0, eight, 0);
            System.arraycopy(eight, 0, out, n, take);
          } else {
            throw new IOException("a bit-packed run ends after " + n + " of " + count
                + " values");
          }
          pos += bitWidth;
          n += take;
          values -= 8;
        }
        pos = runEnd;
      } else { // a run of one value, stored in ceil(bitWidth / 8) bytes
        long run = header >>> 1;
        int width = (bitWidth + 7) / 8;
        if (pos + width > end) {
          throw new IOException("a run's value is truncated");
        }
        int value = 0;
        for (int i = 0; i < width; i++) {
          value |= (b[pos + i] & 0xFF) << (8 * i);
        }
        pos += width;
        int take = (int) Math.min(run, count - n);
        java.util.Arrays.fill(out, n, n + take, value);
        n += take;
      }
    }
    return pos;
  }
}

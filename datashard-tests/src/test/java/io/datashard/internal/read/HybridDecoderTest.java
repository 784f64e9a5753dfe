package io.datashard.internal.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Parquet's RLE / bit-packing hybrid decoding, on bytes written out by hand from the format's
 * description (values 0..7 at bit width 3 pack to 0x88 0xC6 0xFA, as in the Parquet spec).
 */
class HybridDecoderTest {
  private static final byte[] ZERO_TO_SEVEN = {(byte) 0x88, (byte) 0xC6, (byte) 0xFA};

  private static int[] decode(byte[] b, int bitWidth, int count) throws IOException {
    int[] out = new int[count];
    HybridDecoder.decode(b, 0, b.length, bitWidth, out, count);
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void aRepeatedRunThenABitPackedGroup() throws IOException {
    // RLE: header 5 << 1, value 6 in one byte; bit-packed: header (1 group << 1) | 1.
    byte[] b = concat(new byte[] {10, 6}, new byte[] {3}, ZERO_TO_SEVEN);
    assertArrayEquals(new int[] {6, 6, 6, 6, 6, 0, 1, 2, 3, 4, 5, 6, 7}, decode(b, 3, 13));
    // Fewer values than the runs hold: the rest is not read.
    assertArrayEquals(new int[] {6, 6, 6, 6, 6, 0, 1}, decode(b, 3, 7));
  }

  @Test
  void aLastGroupCutShortIsReadZeroPadded() throws IOException {
    // One declared group of 8, but only 2 of its 3 bytes are there; 5 values are wanted.
    byte[] b = {3, (byte) 0x88, (byte) 0xC6};
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, decode(b, 3, 5));
  }

  @Test
  void bitWidthZeroIsAllZeros() throws IOException {
    assertArrayEquals(new int[8], decode(new byte[] {3}, 0, 8));
    assertArrayEquals(new int[] {0, 0, 0}, decode(new byte[] {6}, 0, 3));
  }

  @Test
  void aLongRunAndAWideValue() throws IOException {
    // 300 repeats (varint 600 = 0xD8 0x04) of 0x0102 at bit width 9 (two value bytes).
    int[] out = decode(new byte[] {(byte) 0xD8, 0x04, 0x02, 0x01}, 9, 300);
    int[] expected = new int[300];
    java.util.Arrays.fill(expected, 0x0102);
    assertArrayEquals(expected, out);
  }

  @Test
  void damagedInputIsAnErrorThatSaysWhat() {
    assertEquals("the encoded values end after 5 of 7", assertThrows(IOException.class,
        () -> decode(new byte[] {10, 6}, 3, 7)).getMessage());
    assertEquals("a run's value is truncated", assertThrows(IOException.class,
        () -> decode(new byte[] {2, 1}, 9, 1)).getMessage());
    assertEquals("a run header is truncated or too long", assertThrows(IOException.class,
        () -> decode(new byte[] {(byte) 0x80}, 3, 1)).getMessage());
    assertEquals("bit width 33 is not between 0 and 32", assertThrows(IOException.class,
        () -> decode(new byte[] {2, 1}, 33, 1)).getMessage());
    assertEquals("a bit-packed run ends after 0 of 8 values", assertThrows(IOException.class,
        () -> decode(new byte[] {3}, 3, 8)).getMessage());
  }
}

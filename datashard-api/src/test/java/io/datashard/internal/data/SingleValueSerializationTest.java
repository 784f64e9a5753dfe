package io.datashard.internal.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datashard.types.PrimitiveType;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SingleValueSerializationTest {
  private static byte[] bytes(PrimitiveType type, Object value) {
    ByteBuffer b = SingleValueSerialization.toBytes(type, value);
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    Object back = SingleValueSerialization.fromBytes(type, b);
    if (back instanceof byte[]) {
      assertArrayEquals((byte[]) value, (byte[]) back);
    } else {
      assertEquals(value, back);
    }
    return out;
  }

  private static byte[] b(int... v) {
    byte[] out = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (byte) v[i];
    }
    return out;
  }

  @Test
  void numbersAreLittleEndian() {
    assertArrayEquals(b(1), bytes(Types.BOOLEAN, true));
    assertArrayEquals(b(0), bytes(Types.BOOLEAN, false));
    assertArrayEquals(b(0x01, 0x02, 0, 0), bytes(Types.INT, 0x0201));
    assertArrayEquals(b(0xFF, 0xFF, 0xFF, 0xFF), bytes(Types.DATE, -1));
    assertArrayEquals(b(0, 0, 0, 0, 0, 0, 0, 0x80), bytes(Types.LONG, Long.MIN_VALUE));
    assertArrayEquals(b(1, 0, 0, 0, 0, 0, 0, 0), bytes(Types.TIMESTAMPTZ, 1L));
    assertArrayEquals(b(0, 0, 0x80, 0x3F), bytes(Types.FLOAT, 1.0f));
    assertArrayEquals(b(0, 0, 0, 0, 0, 0, 0xF0, 0x3F), bytes(Types.DOUBLE, 1.0d));
  }

  @Test
  void decimalsAreMinimalBigEndianTwosComplement() {
    assertArrayEquals(b(0), bytes(Types.decimal(9, 2), new BigDecimal("0.00")));
    assertArrayEquals(b(0xFF), bytes(Types.decimal(9, 2), new BigDecimal("-0.01")));
    assertArrayEquals(b(0x00, 0x80), bytes(Types.decimal(9, 2), new BigDecimal("1.28")));
    assertArrayEquals(b(0x30, 0x39), bytes(Types.decimal(9, 2), new BigDecimal("123.45")));
    assertEquals(16, bytes(Types.decimal(38, 0),
        new BigDecimal("-99999999999999999999999999999999999999")).length);
  }

  @Test
  void stringsUuidsAndBytes() {
    assertArrayEquals(b(0x68, 0xC3, 0xA9), bytes(Types.STRING, "hé"));
    assertArrayEquals(new byte[0], bytes(Types.STRING, ""));
    assertArrayEquals(
        b(0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E,
            0x0F, 0x10),
        bytes(Types.UUID, UUID.fromString("01020304-0506-0708-090a-0b0c0d0e0f10")));
    assertArrayEquals(b(1, 2), bytes(Types.fixed(2), b(1, 2)));
    assertArrayEquals(b(0xFF), bytes(Types.BINARY, b(0xFF)));
  }
}

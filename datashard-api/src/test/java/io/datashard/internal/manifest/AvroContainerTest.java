package io.datashard.internal.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.file.Codec;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * The container reader on files written by Avro's own writer: every codec path (plain, deflate,
 * and a codec only Avro's stream reader knows), several blocks, and the framing errors that must
 * never read as a shorter file.
 */
class AvroContainerTest {
  private static final Schema ROW = new Schema.Parser().parse("{\"type\":\"record\","
      + "\"name\":\"row\",\"fields\":[{\"name\":\"id\",\"type\":\"long\"},"
      + "{\"name\":\"name\",\"type\":\"string\"}]}");

  /** A codec Avro does not ship, so only the fallback through Avro's stream reader can read it. */
  private static final String REVERSING = "datashard-test-reversing";

  static {
    CodecFactory.addCodec(REVERSING, new CodecFactory() {
      @Override
      protected Codec createInstance() {
        return new ReversingCodec();
      }
    });
  }

  private static byte[] write(CodecFactory codec, int syncInterval, int rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<>(ROW))) {
      w.setCodec(codec);
      w.setSyncInterval(syncInterval);
      w.setMeta("note", "kept");
      w.create(ROW, out);
      for (int i = 0; i < rows; i++) {
        GenericRecord r = new GenericData.Record(ROW);
        r.put("id", (long) i);
        r.put("name", "row-" + i);
        w.append(r);
        if (i % 7 == 6) {
          w.sync(); // cut a block, so the file has several
        }
      }
    }
    return out.toByteArray();
  }

  private static List<String> rows(AvroContainer c) throws IOException {
    List<String> out = new ArrayList<>();
    c.forEach(r -> out.add(r.get("id") + ":" + r.get("name")));
    return out;
  }

  private static List<String> expected(int rows) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      out.add(i + ":row-" + i);
    }
    return out;
  }

  @Test
  void everyCodecReadsEveryRecordOfEveryBlockInOrder() throws IOException {
    for (CodecFactory codec : List.of(CodecFactory.nullCodec(), CodecFactory.deflateCodec(6),
        CodecFactory.fromString(REVERSING))) {
      AvroContainer c = AvroContainer.parse(write(codec, 64, 50));
      assertEquals(50, c.recordCount(), codec.toString());
      assertEquals(expected(50), rows(c), codec.toString());
      assertEquals("kept", c.metaString("note"));
      assertNull(c.metaString("absent"));
    }
  }

  @Test
  void filesWithTheSameSchemaShareOneParsedSchema() throws IOException {
    AvroContainer a = AvroContainer.parse(write(CodecFactory.deflateCodec(6), 1024, 3));
    AvroContainer b = AvroContainer.parse(write(CodecFactory.nullCodec(), 1024, 4));
    assertSame(a.schema(), b.schema(), "Avro's decoder cache is keyed by schema identity");
    assertEquals(ROW, a.schema());
    assertNotSame(ROW, a.schema());
  }

  @Test
  void aBlockThatHoldsMoreDataThanItsCountIsRejected() throws IOException {
    byte[] bytes = write(CodecFactory.nullCodec(), 1024 * 1024, 2); // one block of 2 records
    int block = indexOf(bytes, sync(bytes)) + 16;
    assertEquals(4, bytes[block], "zig-zag varint of the block's record count, 2");
    bytes[block] = 2; // now the block claims 1 record
    AvroContainer c = AvroContainer.parse(bytes);
    assertEquals(1, c.recordCount());
    IOException e = assertThrows(IOException.class, () -> rows(c));
    assertEquals("block 0 holds more data than its 1 records", e.getMessage());
  }

  @Test
  void damagedDeflateDataIsRejectedNamingTheBlock() throws IOException {
    byte[] bytes = write(CodecFactory.deflateCodec(6), 1024 * 1024, 20);
    int block = indexOf(bytes, sync(bytes)) + 16;
    // Skip the two varints (count 20 = one byte, size < 8192 = at most two bytes), then damage
    // the first bytes of the deflate stream itself.
    int data = block + 1 + ((bytes[block + 1] & 0x80) != 0 ? 2 : 1);
    for (int i = 0; i < 4; i++) {
      bytes[data + i] = (byte) 0xff;
    }
    AvroContainer c = AvroContainer.parse(bytes);
    IOException e = assertThrows(IOException.class, () -> rows(c));
    assertEquals("block 0 is not valid deflate data: invalid block type", e.getMessage());
  }

  @Test
  void aFileCutInsideABlockIsRejectedBeforeAnyRecordIsRead() throws IOException {
    byte[] bytes = write(CodecFactory.deflateCodec(6), 64, 50);
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 20);
    IOException e = assertThrows(IOException.class, () -> AvroContainer.parse(cut));
    assertEquals("the file ends inside a block or its header", e.getMessage());
  }

  private static byte[] sync(byte[] file) {
    return java.util.Arrays.copyOfRange(file, file.length - 16, file.length);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("sync marker not found");
  }

  /** Stores each block's bytes reversed: trivially reversible, and unknown to Avro. */
  private static final class ReversingCodec extends Codec {
    @Override
    public String getName() {
      return REVERSING;
    }

    @Override
    public ByteBuffer compress(ByteBuffer in) {
      return reversed(in);
    }

    @Override
    public ByteBuffer decompress(ByteBuffer in) {
      return reversed(in);
    }

    private static ByteBuffer reversed(ByteBuffer in) {
      byte[] out = new byte[in.remaining()];
      for (int i = 0; i < out.length; i++) {
        out[out.length - 1 - i] = in.get(in.position() + i);
      }
      return ByteBuffer.wrap(out);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ReversingCodec;
    }

    @Override
    public int hashCode() {
      return REVERSING.hashCode();
    }
  }
}

package io.datashard.internal.manifest;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.apache.avro.NameValidator;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileConstants;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * An Avro object container file held in memory (a manifest or manifest list), its framing
 * verified before any record is read, its records decoded with Avro's own {@link
 * GenericDatumReader}.
 *
 * <p>Why not Avro's {@code DataFileStream}:
 *
 * <ul>
 *   <li>It treats an end of file inside a block as a normal end: a truncated file reads as a
 *       shorter, valid-looking file, and for a manifest list that means whole manifests (and
 *       their data) silently disappear from a snapshot. Here every block must be complete,
 *       followed by the file's sync marker, and decode to exactly its record count.
 *   <li>It parses the writer schema from every file's header anew, and Avro caches the decoder it
 *       builds for a schema by the schema's identity, so every manifest read paid for parsing
 *       about 3 KB of schema JSON and building that decoder again. A one-entry manifest took
 *       0.11 ms to read in a warm process (0.016 ms now) and several ms on a loaded machine,
 *       where a manifest merge reads a hundred of them under the commit lock. Here each distinct
 *       schema text is parsed once per process (at most {@value #MAX_SCHEMAS} of them; past
 *       that, schemas are parsed per file) and the same instance is reused, so Avro's decoder
 *       cache hits.
 * </ul>
 *
 * <p>Blocks compressed with deflate (what DataShard and Iceberg-Java write) are inflated with
 * the JDK's {@link Inflater}, uncompressed ones read in place; any other codec is left to Avro's
 * stream reader, which knows them all.
 */
final class AvroContainer {
  private static final byte[] MAGIC = {'O', 'b', 'j', 1};
  private static final int SYNC_SIZE = 16;
  static final int MAX_SCHEMAS = 256;
  private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

  private final byte[] bytes;
  private final Map<String, byte[]> meta;
  private final Schema schema;
  private final String codec;
  private final List<Block> blocks;
  private final long recordCount;

  /** One block: where its (possibly compressed) data lies, and how many records it holds. */
  private record Block(int offset, int size, long count) {}

  /** Receives the records of a container, one at a time. */
  @FunctionalInterface
  interface RecordConsumer {
    /**
     * Takes one record. The instance is reused for the next record: copy what is kept.
     *
     * @throws IOException to stop the read
     */
    void accept(GenericRecord record) throws IOException;
  }

  private AvroContainer(byte[] bytes, Map<String, byte[]> meta, Schema schema, String codec,
      List<Block> blocks, long recordCount) {
    this.bytes = bytes;
    this.meta = meta;
    this.schema = schema;
    this.codec = codec;
    this.blocks = blocks;
    this.recordCount = recordCount;
  }

  /**
   * Reads the header and verifies the framing of every block.
   *
   * @throws IOException describing the first framing or header error found
   */
  static AvroContainer parse(byte[] bytes) throws IOException {
    BinaryDecoder d = DecoderFactory.get().binaryDecoder(bytes, null);
    try {
      byte[] magic = new byte[MAGIC.length];
      d.readFixed(magic);
      if (!Arrays.equals(MAGIC, magic)) {
        throw new IOException("not an Avro container file (bad magic bytes)");
      }
      Map<String, byte[]> meta = new HashMap<>();
      for (long n = d.readMapStart(); n != 0; n = d.mapNext()) {
        for (long i = 0; i < n; i++) {
          String key = d.readString();
          meta.put(key, d.readBytes(null).array());
        }
      }
      byte[] sync = new byte[SYNC_SIZE];
      d.readFixed(sync);
      byte[] blockSync = new byte[SYNC_SIZE];
      List<Block> blocks = new ArrayList<>();
      long records = 0;
      while (!d.isEnd()) {
        long count = d.readLong();
        long size = d.readLong();
        if (count < 0 || size < 0 || size > bytes.length) {
          throw new IOException("block " + blocks.size() + " has an invalid header");
        }
        // A decoder over an array reports what is left of the array as available: the block's
        // data starts where that remainder does.
        int offset = bytes.length - d.inputStream().available();
        d.skipFixed((int) size);
        d.readFixed(blockSync);
        if (!Arrays.equals(sync, blockSync)) {
          throw new IOException(
              "block " + blocks.size() + " is not followed by the file's sync marker");
        }
        blocks.add(new Block(offset, (int) size, count));
        records += count;
      }
      return new AvroContainer(bytes, meta, schemaOf(meta), codecOf(meta), blocks, records);
    } catch (EOFException e) {
      throw new IOException("the file ends inside a block or its header", e);
    }
  }

  private static Schema schemaOf(Map<String, byte[]> meta) throws IOException {
    byte[] raw = meta.get(DataFileConstants.SCHEMA);
    if (raw == null) {
      throw new IOException("the header has no " + DataFileConstants.SCHEMA);
    }
    String text = new String(raw, StandardCharsets.UTF_8);
    Schema cached = SCHEMAS.get(text);
    if (cached != null) {
      return cached;
    }
    Schema parsed;
    try {
      // As lenient as Avro's own file reader: other writers' names and defaults are not ours
      // to police, only their data.
      parsed = new Schema.Parser(NameValidator.NO_VALIDATION).setValidateDefaults(false)
          .parse(text);
    } catch (RuntimeException e) {
      throw new IOException("the header's schema does not parse: " + e.getMessage(), e);
    }
    if (SCHEMAS.size() >= MAX_SCHEMAS) {
      return parsed;
    }
    Schema raced = SCHEMAS.putIfAbsent(text, parsed);
    return raced != null ? raced : parsed;
  }

  /** How the blocks are stored: "null" (plain), "deflate" (what DataShard and Iceberg write). */
  private static String codecOf(Map<String, byte[]> meta) {
    byte[] raw = meta.get(DataFileConstants.CODEC);
    return raw == null ? DataFileConstants.NULL_CODEC : new String(raw, StandardCharsets.UTF_8);
  }

  /** The writer's schema (shared by every container with the same schema text). */
  Schema schema() {
    return schema;
  }

  /** A metadata value of the header as UTF-8 text, or null if the header has no such key. */
  String metaString(String key) {
    byte[] v = meta.get(key);
    return v == null ? null : new String(v, StandardCharsets.UTF_8);
  }

  /** The number of records, as the block headers count them. */
  long recordCount() {
    return recordCount;
  }

  /**
   * Decodes every record in file order.
   *
   * @throws IOException if a block does not decode to exactly its record count, or the consumer
   *     throws
   */
  void forEach(RecordConsumer consumer) throws IOException {
    boolean plain = codec.equals(DataFileConstants.NULL_CODEC);
    boolean deflate = codec.equals(DataFileConstants.DEFLATE_CODEC);
    GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(schema);
    // Other codecs (snappy, zstandard, ...) are rare in manifests: Avro's own stream reader
    // inflates those, at the price of parsing the schema again.
    DataFileStream<Void> other = plain || deflate ? null
        : new DataFileStream<>(new ByteArrayInputStream(bytes), new GenericDatumReader<>());
    Inflater inflater = deflate ? new Inflater(true) : null; // Avro's deflate is raw (RFC 1951)
    try {
      BinaryDecoder decoder = null;
      GenericRecord record = null;
      for (int b = 0; b < blocks.size(); b++) {
        Block block = blocks.get(b);
        if (plain) {
          decoder = DecoderFactory.get().binaryDecoder(bytes, block.offset(), block.size(),
              decoder);
        } else if (deflate) {
          byte[] data = inflate(inflater, block, b);
          decoder = DecoderFactory.get().binaryDecoder(data, decoder);
        } else {
          ByteBuffer data = other.nextBlock();
          decoder = DecoderFactory.get().binaryDecoder(data.array(),
              data.arrayOffset() + data.position(), data.remaining(), decoder);
        }
        for (long i = 0; i < block.count(); i++) {
          record = reader.read(record, decoder);
          consumer.accept(record);
        }
        if (!decoder.isEnd()) {
          throw new IOException("block " + b + " holds more data than its " + block.count()
              + " records");
        }
      }
    } finally {
      if (other != null) {
        other.close();
      }
      if (inflater != null) {
        inflater.end();
      }
    }
  }

  private byte[] inflate(Inflater inflater, Block block, int index) throws IOException {
    inflater.reset();
    inflater.setInput(bytes, block.offset(), block.size());
    byte[] out = new byte[Math.max(64, block.size() * 4)];
    int n = 0;
    try {
      while (!inflater.finished()) {
        if (n == out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        int got = inflater.inflate(out, n, out.length - n);
        if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IOException("block " + index + " ends inside its deflate stream");
        }
        n += got;
      }
    } catch (DataFormatException e) {
      throw new IOException("block " + index + " is not valid deflate data: " + e.getMessage(),
          e);
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }
}

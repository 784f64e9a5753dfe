package io.datashard.internal.manifest;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Verifies the framing of an Avro container held in memory: every block complete and followed by
 * the file's sync marker, and nothing after the last block.
 *
 * <p>Needed because Avro's own reader treats an end of file inside a block as a normal end: a
 * truncated file reads as a shorter, valid-looking file, and for a manifest list that means whole
 * manifests (and their data) silently disappear from a snapshot.
 */
final class AvroContainerCheck {
  private static final byte[] MAGIC = {'O', 'b', 'j', 1};
  private static final int SYNC_SIZE = 16;

  private AvroContainerCheck() {}

  /**
   * Returns the number of records in the container.
   *
   * @throws IOException describing the first framing error found
   */
  static long countRecords(byte[] bytes) throws IOException {
    BinaryDecoder d = DecoderFactory.get().binaryDecoder(bytes, null);
    try {
      byte[] magic = new byte[MAGIC.length];
      d.readFixed(magic);
      if (!Arrays.equals(MAGIC, magic)) {
        throw new IOException("not an Avro container file (bad magic bytes)");
      }
      for (long n = d.readMapStart(); n != 0; n = d.mapNext()) {
        for (long i = 0; i < n; i++) {
          d.skipString();
          d.skipBytes();
        }
      }
      byte[] sync = new byte[SYNC_SIZE];
      d.readFixed(sync);
      byte[] blockSync = new byte[SYNC_SIZE];
      long records = 0;
      int block = 0;
      while (!d.isEnd()) {
        long count = d.readLong();
        long size = d.readLong();
        if (count < 0 || size < 0 || size > bytes.length) {
          throw new IOException("block " + block + " has an invalid header");
        }
        d.skipFixed((int) size);
        d.readFixed(blockSync);
        if (!Arrays.equals(sync, blockSync)) {
          throw new IOException("block " + block + " is not followed by the file's sync marker");
        }
        records += count;
        block++;
      }
      return records;
    } catch (EOFException e) {
      throw new IOException("the file ends inside a block or its header", e);
    }
  }
}

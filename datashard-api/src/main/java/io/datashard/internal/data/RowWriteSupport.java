package io.datashard.internal.data;

import io.datashard.Schema;
import io.datashard.types.Field;
import io.datashard.types.PrimitiveType;
import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes rows of internal values ({@code Object[]} in schema order, see {@link RecordConverter})
 * straight into Parquet's record consumer, and updates each column's {@link ColumnMetrics} in the
 * same pass. Skipping a generic record layer (Avro, Group) is what makes the write path fast.
 */
final class RowWriteSupport extends WriteSupport<Object[]> {
  /** The key-value metadata key under which Iceberg-Java stores the schema JSON. */
  static final String ICEBERG_SCHEMA_KEY = "iceberg.schema";

  private final MessageType messageType;
  private final Map<String, String> extraMetadata;
  private final String[] names;
  private final PrimitiveType[] types;
  private final int[] decimalBytes;
  private final ColumnMetrics[] metrics;
  private RecordConsumer consumer;

  RowWriteSupport(Schema schema, MessageType messageType, ColumnMetrics[] metrics) {
    this.messageType = messageType;
    this.extraMetadata = Map.of(ICEBERG_SCHEMA_KEY, schema.toJson());
    int n = schema.fields().size();
    this.names = new String[n];
    this.types = new PrimitiveType[n];
    this.decimalBytes = new int[n];
    this.metrics = metrics;
    for (int i = 0; i < n; i++) {
      Field f = schema.fields().get(i);
      names[i] = f.name();
      types[i] = (PrimitiveType) f.type();
      decimalBytes[i] = ParquetSchemas.decimalBytes(Math.max(1, types[i].precision()));
    }
  }

  /** Hadoop entry point; never called because the writer is built with a ParquetConfiguration. */
  @Override
  @Deprecated
  public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
    return new WriteContext(messageType, extraMetadata);
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return new WriteContext(messageType, extraMetadata);
  }

  @Override
  public String getName() {
    return "datashard";
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  @Override
  public void write(Object[] row) {
    RecordConsumer c = consumer;
    c.startMessage();
    for (int i = 0; i < names.length; i++) {
      Object v = row[i];
      metrics[i].update(v);
      if (v != null) {
        c.startField(names[i], i);
        writeValue(c, i, v);
        c.endField(names[i], i);
      }
    }
    c.endMessage();
  }

  private void writeValue(RecordConsumer c, int i, Object v) {
    switch (types[i].typeId()) {
      case BOOLEAN:
        c.addBoolean((Boolean) v);
        break;
      case INT:
      case DATE:
        c.addInteger((Integer) v);
        break;
      case LONG:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMPTZ:
        c.addLong((Long) v);
        break;
      case FLOAT:
        c.addFloat((Float) v);
        break;
      case DOUBLE:
        c.addDouble((Double) v);
        break;
      case DECIMAL:
        writeDecimal(c, i, (BigDecimal) v);
        break;
      case STRING:
        c.addBinary(Binary.fromString((String) v));
        break;
      case UUID:
        c.addBinary(Binary.fromConstantByteArray(uuidBytes((UUID) v)));
        break;
      default:
        // The caller may still own the array, so Parquet must copy it if it keeps it (dictionary).
        c.addBinary(Binary.fromReusedByteArray((byte[]) v));
        break;
    }
  }

  private void writeDecimal(RecordConsumer c, int i, BigDecimal v) {
    int precision = types[i].precision();
    if (precision <= 9) {
      c.addInteger(v.unscaledValue().intValue());
    } else if (precision <= 18) {
      c.addLong(v.unscaledValue().longValue());
    } else {
      c.addBinary(Binary.fromConstantByteArray(signExtend(v, decimalBytes[i])));
    }
  }

  /** The unscaled value as big-endian two's complement in exactly {@code size} bytes. */
  static byte[] signExtend(BigDecimal v, int size) {
    byte[] minimal = v.unscaledValue().toByteArray();
    byte[] out = new byte[size];
    byte pad = (byte) (minimal[0] < 0 ? 0xFF : 0x00);
    int offset = size - minimal.length;
    for (int k = 0; k < offset; k++) {
      out[k] = pad;
    }
    System.arraycopy(minimal, 0, out, offset, minimal.length);
    return out;
  }

  static byte[] uuidBytes(UUID u) {
    byte[] b = new byte[16];
    long msb = u.getMostSignificantBits();
    long lsb = u.getLeastSignificantBits();
    for (int k = 0; k < 8; k++) {
      b[k] = (byte) (msb >>> (56 - 8 * k));
      b[8 + k] = (byte) (lsb >>> (56 - 8 * k));
    }
    return b;
  }
}

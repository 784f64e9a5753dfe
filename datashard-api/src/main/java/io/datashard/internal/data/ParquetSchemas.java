package io.datashard.internal.data;

import io.datashard.Schema;
import io.datashard.types.Field;
import io.datashard.types.PrimitiveType;
import java.math.BigInteger;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Maps an Iceberg {@link Schema} to the Parquet schema Iceberg-Java writes for it: every column
 * carries its Iceberg field id (readers match columns by id, so renames are safe), requiredness
 * becomes REQUIRED/OPTIONAL, and logical types follow the Iceberg spec's Parquet appendix.
 */
public final class ParquetSchemas {
  /** The message name Iceberg-Java uses. */
  public static final String MESSAGE_NAME = "table";

  private ParquetSchemas() {}

  /** The Parquet message type for a schema. */
  public static MessageType toMessageType(Schema schema) {
    Types.MessageTypeBuilder builder = Types.buildMessage();
    for (Field field : schema.fields()) {
      builder.addField(toParquet(field));
    }
    return builder.named(MESSAGE_NAME);
  }

  /** The Parquet column for one field. */
  static org.apache.parquet.schema.PrimitiveType toParquet(Field field) {
    Repetition rep = field.isRequired() ? Repetition.REQUIRED : Repetition.OPTIONAL;
    PrimitiveType type = (PrimitiveType) field.type();
    Types.PrimitiveBuilder<org.apache.parquet.schema.PrimitiveType> b;
    switch (type.typeId()) {
      case BOOLEAN:
        b = Types.primitive(PrimitiveTypeName.BOOLEAN, rep);
        break;
      case INT:
        b = Types.primitive(PrimitiveTypeName.INT32, rep);
        break;
      case LONG:
        b = Types.primitive(PrimitiveTypeName.INT64, rep);
        break;
      case FLOAT:
        b = Types.primitive(PrimitiveTypeName.FLOAT, rep);
        break;
      case DOUBLE:
        b = Types.primitive(PrimitiveTypeName.DOUBLE, rep);
        break;
      case DATE:
        b = Types.primitive(PrimitiveTypeName.INT32, rep).as(LogicalTypeAnnotation.dateType());
        break;
      case TIME:
        b = Types.primitive(PrimitiveTypeName.INT64, rep)
            .as(LogicalTypeAnnotation.timeType(false, TimeUnit.MICROS));
        break;
      case TIMESTAMP:
        b = Types.primitive(PrimitiveTypeName.INT64, rep)
            .as(LogicalTypeAnnotation.timestampType(false, TimeUnit.MICROS));
        break;
      case TIMESTAMPTZ:
        b = Types.primitive(PrimitiveTypeName.INT64, rep)
            .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS));
        break;
      case STRING:
        b = Types.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType());
        break;
      case UUID:
        b = Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, rep)
            .length(16)
            .as(LogicalTypeAnnotation.uuidType());
        break;
      case FIXED:
        b = Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, rep).length(type.length());
        break;
      case BINARY:
        b = Types.primitive(PrimitiveTypeName.BINARY, rep);
        break;
      case DECIMAL:
        b = decimal(type, rep);
        break;
      default:
        throw new IllegalArgumentException("Unsupported type " + type + " for Parquet");
    }
    return b.id(field.id()).named(field.name());
  }

  private static Types.PrimitiveBuilder<org.apache.parquet.schema.PrimitiveType> decimal(
      PrimitiveType type, Repetition rep) {
    LogicalTypeAnnotation decimal =
        LogicalTypeAnnotation.decimalType(type.scale(), type.precision());
    if (type.precision() <= 9) {
      return Types.primitive(PrimitiveTypeName.INT32, rep).as(decimal);
    }
    if (type.precision() <= 18) {
      return Types.primitive(PrimitiveTypeName.INT64, rep).as(decimal);
    }
    return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, rep)
        .length(decimalBytes(type.precision()))
        .as(decimal);
  }

  /**
   * The fewest bytes whose two's-complement range holds every unscaled value of a decimal with
   * this precision, i.e. the smallest n with 2^(8n-1) > 10^precision - 1.
   */
  public static int decimalBytes(int precision) {
    BigInteger max = BigInteger.TEN.pow(precision).subtract(BigInteger.ONE);
    // bitLength excludes the sign bit, so one more bit is needed, rounded up to whole bytes.
    return (max.bitLength() + 1 + 7) / 8;
  }
}

package io.datashard.internal.scan;

import io.datashard.Schema;
import io.datashard.types.Field;
import io.datashard.types.PrimitiveType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * The Arrow schema of a table schema, following Iceberg's Arrow mapping: timestamps in
 * microseconds (timestamptz with zone "UTC", timestamp with none), Decimal(P,S,128), Date(DAY),
 * Time(MICROSECOND,64), Utf8, Binary, FixedSizeBinary(L), uuid as FixedSizeBinary(16). Each field
 * carries its Iceberg field id in its metadata under {@value #FIELD_ID_KEY}, as Arrow's and
 * pyarrow's Parquet readers do.
 */
public final class ArrowSchemas {
  /** The field metadata key of the Iceberg field id. */
  public static final String FIELD_ID_KEY = "PARQUET:field_id";

  private ArrowSchemas() {}

  public static org.apache.arrow.vector.types.pojo.Schema toArrow(Schema schema) {
    List<org.apache.arrow.vector.types.pojo.Field> fields = new ArrayList<>();
    for (Field f : schema.fields()) {
      FieldType type = new FieldType(f.isOptional(), arrowType((PrimitiveType) f.type()), null,
          Map.of(FIELD_ID_KEY, Integer.toString(f.id())));
      fields.add(new org.apache.arrow.vector.types.pojo.Field(f.name(), type, null));
    }
    return new org.apache.arrow.vector.types.pojo.Schema(fields);
  }

  public static ArrowType arrowType(PrimitiveType type) {
    switch (type.typeId()) {
      case BOOLEAN:
        return ArrowType.Bool.INSTANCE;
      case INT:
        return new ArrowType.Int(32, true);
      case LONG:
        return new ArrowType.Int(64, true);
      case FLOAT:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case DOUBLE:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case DECIMAL:
        return new ArrowType.Decimal(type.precision(), type.scale(), 128);
      case DATE:
        return new ArrowType.Date(DateUnit.DAY);
      case TIME:
        return new ArrowType.Time(TimeUnit.MICROSECOND, 64);
      case TIMESTAMP:
        return new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
      case TIMESTAMPTZ:
        return new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
      case STRING:
        return ArrowType.Utf8.INSTANCE;
      case UUID:
        return new ArrowType.FixedSizeBinary(16);
      case FIXED:
        return new ArrowType.FixedSizeBinary(type.length());
      case BINARY:
        return ArrowType.Binary.INSTANCE;
      default:
        throw new IllegalArgumentException("No Arrow type for " + type);
    }
  }
}

package io.datashard.types;

import java.util.Objects;

/**
 * An immutable Iceberg primitive type. Obtain instances from {@link Types}; parameterised types
 * ({@code decimal(P,S)}, {@code fixed[L]}) carry their parameters.
 */
public final class PrimitiveType implements Type {
  private final TypeId typeId;
  private final int precision;
  private final int scale;
  private final int length;

  PrimitiveType(TypeId typeId, int precision, int scale, int length) {
    this.typeId = typeId;
    this.precision = precision;
    this.scale = scale;
    this.length = length;
  }

  @Override
  public TypeId typeId() {
    return typeId;
  }

  /** Decimal precision (total digits); 0 for non-decimal types. */
  public int precision() {
    return precision;
  }

  /** Decimal scale (digits after the point); 0 for non-decimal types. */
  public int scale() {
    return scale;
  }

  /** Length in bytes of a {@code fixed[L]} type; 0 for other types. */
  public int length() {
    return length;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PrimitiveType)) {
      return false;
    }
    PrimitiveType that = (PrimitiveType) o;
    return typeId == that.typeId
        && precision == that.precision
        && scale == that.scale
        && length == that.length;
  }

  @Override
  public int hashCode() {
    return Objects.hash(typeId, precision, scale, length);
  }

  @Override
  public String toString() {
    switch (typeId) {
      case DECIMAL:
        return "decimal(" + precision + ", " + scale + ")";
      case FIXED:
        return "fixed[" + length + "]";
      default:
        return typeId.name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}

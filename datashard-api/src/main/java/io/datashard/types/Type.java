package io.datashard.types;

/**
 * A column type. Only the Iceberg primitive types exist today; nested types (struct, list, map)
 * will be added as further implementations of this interface.
 *
 * <p>{@link #toString()} returns the type's Iceberg JSON spelling, for example {@code long},
 * {@code decimal(10, 2)} or {@code fixed[16]}.
 */
public interface Type {
  /** The type's identity. */
  TypeId typeId();

  /** True for primitive (non-nested) types. */
  default boolean isPrimitive() {
    return true;
  }
}

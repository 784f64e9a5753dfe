package io.datashard.types;

import java.util.Objects;

/**
 * One column of a {@link io.datashard.Schema}: an Iceberg field id that never changes, a name, a
 * type, whether a value is required, and an optional doc string. Immutable.
 */
public final class Field {
  private final int id;
  private final String name;
  private final boolean required;
  private final Type type;
  private final String doc;

  /**
   * Creates a field.
   *
   * @throws IllegalArgumentException if the id is not positive or the name is blank
   */
  public Field(int id, String name, boolean required, Type type, String doc) {
    if (id < 1) {
      throw new IllegalArgumentException(
          "Invalid field id " + id + " for field '" + name + "': ids must be positive");
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("Field " + id + " has no name: every field needs one");
    }
    this.id = id;
    this.name = name;
    this.required = required;
    this.type = Objects.requireNonNull(type, "type");
    this.doc = doc;
  }

  /** A required field. */
  public static Field required(int id, String name, Type type) {
    return new Field(id, name, true, type, null);
  }

  /** An optional (nullable) field. */
  public static Field optional(int id, String name, Type type) {
    return new Field(id, name, false, type, null);
  }

  public int id() {
    return id;
  }

  public String name() {
    return name;
  }

  public boolean isRequired() {
    return required;
  }

  public boolean isOptional() {
    return !required;
  }

  public Type type() {
    return type;
  }

  /** The field's documentation, or null. */
  public String doc() {
    return doc;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Field)) {
      return false;
    }
    Field f = (Field) o;
    return id == f.id
        && required == f.required
        && name.equals(f.name)
        && type.equals(f.type)
        && Objects.equals(doc, f.doc);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, required, type, doc);
  }

  @Override
  public String toString() {
    return id + ": " + name + ": " + (required ? "required " : "optional ") + type;
  }
}

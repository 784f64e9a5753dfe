package io.datashard;

import io.datashard.internal.json.SchemaJson;
import io.datashard.types.Field;
import io.datashard.types.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A table schema: an ordered list of {@link Field}s with unique ids and names, and a schema id.
 * Immutable. The JSON form is Iceberg's:
 *
 * <pre>{@code {"type":"struct","schema-id":0,"fields":[{"id":1,"name":"user_id","required":true,"type":"long"}]}}</pre>
 *
 * <p>In code, use the builder, which assigns field ids 1, 2, 3, ... in order:
 *
 * <pre>{@code
 * Schema schema = Schema.builder()
 *     .required("user_id", Types.LONG)
 *     .required("event", Types.STRING)
 *     .optional("amount", Types.decimal(12, 2))
 *     .build();
 * }</pre>
 */
public final class Schema {
  private final int schemaId;
  private final List<Field> fields;
  private final Set<Integer> identifierFieldIds;
  private final Map<String, Field> byName;
  private final Map<Integer, Field> byId;

  /**
   * Creates a schema.
   *
   * @throws IllegalArgumentException on duplicate field ids or names, or identifier ids that name
   *     no required field
   */
  public Schema(int schemaId, List<Field> fields, Set<Integer> identifierFieldIds) {
    this.schemaId = schemaId;
    this.fields = List.copyOf(fields);
    this.identifierFieldIds =
        Collections.unmodifiableSet(new LinkedHashSet<>(identifierFieldIds));
    Map<String, Field> names = new HashMap<>();
    Map<Integer, Field> ids = new HashMap<>();
    for (Field f : this.fields) {
      if (ids.put(f.id(), f) != null) {
        throw new IllegalArgumentException(
            "Duplicate field id " + f.id() + " in schema: each field needs a unique id");
      }
      if (names.put(f.name(), f) != null) {
        throw new IllegalArgumentException(
            "Duplicate field name '" + f.name() + "' in schema: each field needs a unique name");
      }
    }
    for (Integer id : this.identifierFieldIds) {
      Field f = ids.get(id);
      if (f == null || !f.isRequired()) {
        throw new IllegalArgumentException(
            "Identifier field id " + id + " must name a required field of the schema");
      }
    }
    this.byName = Collections.unmodifiableMap(names);
    this.byId = Collections.unmodifiableMap(ids);
  }

  /** Creates a schema with id 0 and no identifier fields. */
  public Schema(List<Field> fields) {
    this(0, fields, Set.of());
  }

  /** Starts a builder that assigns field ids 1, 2, 3, ... in the order fields are added. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses the Iceberg schema JSON form.
   *
   * @throws IllegalArgumentException naming what is wrong when the JSON is not a valid schema
   */
  public static Schema fromJson(String json) {
    return SchemaJson.fromJson(json);
  }

  /** The Iceberg schema JSON form of this schema. */
  public String toJson() {
    return SchemaJson.toJson(this);
  }

  public int schemaId() {
    return schemaId;
  }

  /** The fields, in order. */
  public List<Field> fields() {
    return fields;
  }

  /** Ids of the fields that identify a row (may be empty). */
  public Set<Integer> identifierFieldIds() {
    return identifierFieldIds;
  }

  /** The field with this name, or null. Names are case-sensitive. */
  public Field findField(String name) {
    return byName.get(name);
  }

  /** The field with this id, or null. */
  public Field findField(int id) {
    return byId.get(id);
  }

  /** The largest field id in use (0 for an empty schema). */
  public int highestFieldId() {
    int max = 0;
    for (Field f : fields) {
      max = Math.max(max, f.id());
    }
    return max;
  }

  /**
   * A schema holding only the named columns, in the order given.
   *
   * @throws IllegalArgumentException naming the first column that does not exist
   */
  public Schema select(List<String> names) {
    List<Field> selected = new ArrayList<>(names.size());
    for (String name : names) {
      Field f = byName.get(name);
      if (f == null) {
        throw new IllegalArgumentException(
            "Unknown column '" + name + "': the schema has columns " + columnNames());
      }
      selected.add(f);
    }
    return new Schema(schemaId, selected, Set.of());
  }

  /** The column names, in order. */
  public List<String> columnNames() {
    List<String> names = new ArrayList<>(fields.size());
    for (Field f : fields) {
      names.add(f.name());
    }
    return names;
  }

  /** A copy of this schema carrying another schema id. */
  public Schema withSchemaId(int newSchemaId) {
    return new Schema(newSchemaId, fields, identifierFieldIds);
  }

  /** True if both schemas have the same fields (ids, names, types, requiredness), ignoring ids. */
  public boolean sameColumns(Schema other) {
    return fields.equals(other.fields) && identifierFieldIds.equals(other.identifierFieldIds);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Schema)) {
      return false;
    }
    Schema s = (Schema) o;
    return schemaId == s.schemaId && sameColumns(s);
  }

  @Override
  public int hashCode() {
    return Objects.hash(schemaId, fields, identifierFieldIds);
  }

  @Override
  public String toString() {
    return "table {\n  " + String.join("\n  ", fields.stream().map(Field::toString).toList())
        + "\n}";
  }

  /** Builds a {@link Schema}, assigning field ids in order. */
  public static final class Builder {
    private final List<Field> fields = new ArrayList<>();
    private final Set<Integer> identifiers = new LinkedHashSet<>();
    private int nextId = 1;

    private Builder() {}

    /** Adds a required column. */
    public Builder required(String name, Type type) {
      fields.add(new Field(nextId++, name, true, type, null));
      return this;
    }

    /** Adds a required column with a doc string. */
    public Builder required(String name, Type type, String doc) {
      fields.add(new Field(nextId++, name, true, type, doc));
      return this;
    }

    /** Adds an optional (nullable) column. */
    public Builder optional(String name, Type type) {
      fields.add(new Field(nextId++, name, false, type, null));
      return this;
    }

    /** Adds an optional (nullable) column with a doc string. */
    public Builder optional(String name, Type type, String doc) {
      fields.add(new Field(nextId++, name, false, type, doc));
      return this;
    }

    /** Marks already-added required columns as the row identifier. */
    public Builder identifier(String... names) {
      for (String n : names) {
        Field f =
            fields.stream()
                .filter(x -> x.name().equals(n))
                .findFirst()
                .orElseThrow(
                    () -> new IllegalArgumentException("Unknown identifier column '" + n + "'"));
        identifiers.add(f.id());
      }
      return this;
    }

    public Schema build() {
      return new Schema(0, fields, identifiers);
    }
  }
}

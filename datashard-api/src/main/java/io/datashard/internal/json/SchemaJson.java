package io.datashard.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.datashard.Schema;
import io.datashard.types.Field;
import io.datashard.types.Types;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads and writes the Iceberg schema JSON form ({@code {"type":"struct", ...}}). */
public final class SchemaJson {
  private SchemaJson() {}

  public static String toJson(Schema schema) {
    return Json.write(gen -> write(schema, gen), false);
  }

  public static void write(Schema schema, JsonGenerator gen) throws IOException {
    gen.writeStartObject();
    gen.writeStringField("type", "struct");
    gen.writeNumberField("schema-id", schema.schemaId());
    if (!schema.identifierFieldIds().isEmpty()) {
      gen.writeArrayFieldStart("identifier-field-ids");
      for (int id : schema.identifierFieldIds()) {
        gen.writeNumber(id);
      }
      gen.writeEndArray();
    }
    gen.writeArrayFieldStart("fields");
    for (Field f : schema.fields()) {
      gen.writeStartObject();
      gen.writeNumberField("id", f.id());
      gen.writeStringField("name", f.name());
      gen.writeBooleanField("required", f.isRequired());
      gen.writeStringField("type", f.type().toString());
      if (f.doc() != null) {
        gen.writeStringField("doc", f.doc());
      }
      gen.writeEndObject();
    }
    gen.writeEndArray();
    gen.writeEndObject();
  }

  public static Schema fromJson(String json) {
    return read(Json.parse("schema", json));
  }

  public static Schema read(JsonNode node) {
    String what = "Schema JSON";
    if (!node.isObject()) {
      throw new IllegalArgumentException(what + " must be an object, found: " + node);
    }
    String type = Json.string(node, what, "type");
    if (!"struct".equals(type)) {
      throw new IllegalArgumentException(
          what + " must have \"type\":\"struct\", found: \"" + type + "\"");
    }
    JsonNode idNode = node.get("schema-id");
    int schemaId = idNode == null || idNode.isNull() ? 0 : Json.integer(node, what, "schema-id");
    List<Field> fields = new ArrayList<>();
    for (JsonNode f : Json.array(node, what, "fields")) {
      fields.add(readField(f));
    }
    Set<Integer> identifiers = new LinkedHashSet<>();
    JsonNode ids = node.get("identifier-field-ids");
    if (ids != null && !ids.isNull()) {
      for (JsonNode id : Json.array(node, what, "identifier-field-ids")) {
        identifiers.add(id.intValue());
      }
    }
    return new Schema(schemaId, fields, identifiers);
  }

  private static Field readField(JsonNode f) {
    if (!f.isObject()) {
      throw new IllegalArgumentException("Schema field must be an object, found: " + f);
    }
    JsonNode nameNode = f.get("name");
    String what = "Schema field" + (nameNode != null ? " '" + nameNode.asText() + "'" : "");
    int id = Json.integer(f, what, "id");
    String name = Json.string(f, what, "name");
    boolean required = Json.bool(f, what, "required");
    JsonNode typeNode = Json.required(f, what, "type");
    if (!typeNode.isTextual()) {
      throw new IllegalArgumentException(
          what + " has a nested type " + typeNode
              + ": nested struct/list/map types are not supported yet; use primitive columns");
    }
    try {
      return new Field(id, name, required, Types.fromString(typeNode.asText()),
          Json.optString(f, "doc"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
  }
}

package io.datashard.internal.manifest;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Finds fields of records read with their writer's schema, by Iceberg field id first and by name
 * second, so that manifests from other writers and older spec versions read correctly: a field a
 * writer left out reads as null. One instance per file read; it caches one lookup table per
 * record schema. Not thread-safe.
 */
final class AvroFields {
  private final Map<Schema, Lookup> lookups = new IdentityHashMap<>();

  /** The field's value, or null if the record's schema has no such field. */
  Object get(GenericRecord record, int fieldId, String... names) {
    Schema.Field f = lookup(record.getSchema()).find(fieldId, names);
    return f == null ? null : record.get(f.pos());
  }

  /** Whether the record schema declares the field. */
  boolean has(Schema recordSchema, int fieldId, String... names) {
    return lookup(recordSchema).find(fieldId, names) != null;
  }

  private Lookup lookup(Schema schema) {
    return lookups.computeIfAbsent(schema, Lookup::new);
  }

  private static final class Lookup {
    private final Map<Integer, Schema.Field> byId = new HashMap<>();
    private final Map<String, Schema.Field> byName = new HashMap<>();

    Lookup(Schema schema) {
      for (Schema.Field f : schema.getFields()) {
        Object id = f.getObjectProp(ManifestSchemas.FIELD_ID);
        if (id instanceof Number) {
          byId.put(((Number) id).intValue(), f);
        }
        byName.put(f.name(), f);
      }
    }

    Schema.Field find(int id, String... names) {
      Schema.Field f = byId.get(id);
      for (int i = 0; f == null && i < names.length; i++) {
        f = byName.get(names[i]);
      }
      return f;
    }
  }

  // ---- value conversions for what GenericDatumReader returns ----

  static String string(Object v) {
    return v == null ? null : v.toString();
  }

  static Long toLong(Object v) {
    return v == null ? null : ((Number) v).longValue();
  }

  static Integer toInt(Object v) {
    return v == null ? null : ((Number) v).intValue();
  }

  /** A private heap copy, so results never alias Avro's decode buffers. */
  static ByteBuffer bytes(Object v) {
    if (v == null) {
      return null;
    }
    ByteBuffer src = ((ByteBuffer) v).duplicate();
    ByteBuffer copy = ByteBuffer.allocate(src.remaining());
    copy.put(src).flip();
    return copy;
  }

  static List<Long> longList(Object v) {
    if (v == null) {
      return null;
    }
    List<Long> out = new ArrayList<>();
    for (Object o : (Collection<?>) v) {
      out.add(((Number) o).longValue());
    }
    return out;
  }

  static Map<Integer, Long> longMap(Object v) {
    return intKeyedMap(v, false);
  }

  static Map<Integer, ByteBuffer> bytesMap(Object v) {
    return intKeyedMap(v, true);
  }

  // Iceberg writes int-keyed maps as arrays of (key, value) records; the spec puts the key first
  // and the value second, so positions are used rather than names. An Avro map (string keys, as
  // a lenient writer might produce) is accepted too.
  @SuppressWarnings("unchecked")
  private static <V> Map<Integer, V> intKeyedMap(Object v, boolean binary) {
    if (v == null) {
      return null;
    }
    Map<Integer, V> out = new LinkedHashMap<>();
    if (v instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        out.put(Integer.valueOf(e.getKey().toString()), (V) value(e.getValue(), binary));
      }
      return out;
    }
    for (Object o : (Collection<?>) v) {
      GenericRecord kv = (GenericRecord) o;
      out.put(((Number) kv.get(0)).intValue(), (V) value(kv.get(1), binary));
    }
    return out;
  }

  private static Object value(Object v, boolean binary) {
    return binary ? bytes(v) : toLong(v);
  }
}

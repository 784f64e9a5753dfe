package io.datashard.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** Shared Jackson plumbing and strict field accessors for the on-disk JSON structures. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private Json() {}

  /** Something that writes itself as one JSON value. */
  @FunctionalInterface
  public interface Writer {
    void write(JsonGenerator gen) throws IOException;
  }

  /** Renders JSON produced by {@code writer} into a string. */
  public static String write(Writer writer, boolean pretty) {
    StringWriter out = new StringWriter();
    try (JsonGenerator gen = FACTORY.createGenerator(out)) {
      if (pretty) {
        gen.useDefaultPrettyPrinter();
      }
      writer.write(gen);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to render JSON", e);
    }
    return out.toString();
  }

  /** Parses text into a tree; a syntax error becomes an IllegalArgumentException. */
  public static JsonNode parse(String what, String text) {
    if (text == null) {
      throw new IllegalArgumentException("Cannot parse " + what + ": the JSON text is null");
    }
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new IllegalArgumentException("Cannot parse " + what + ": the JSON text is empty");
      }
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Cannot parse " + what + ": invalid JSON (" + e.getOriginalMessage() + ")", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot parse " + what + ": " + e.getMessage(), e);
    }
  }

  public static JsonNode required(JsonNode node, String what, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(what + " is missing required field '" + field + "'");
    }
    return v;
  }

  public static String string(JsonNode node, String what, String field) {
    JsonNode v = required(node, what, field);
    if (!v.isTextual()) {
      throw new IllegalArgumentException(
          what + " field '" + field + "' must be a string, found: " + v);
    }
    return v.asText();
  }

  public static String optString(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  public static int integer(JsonNode node, String what, String field) {
    JsonNode v = required(node, what, field);
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new IllegalArgumentException(
          what + " field '" + field + "' must be an int, found: " + v);
    }
    return v.intValue();
  }

  public static long longValue(JsonNode node, String what, String field) {
    JsonNode v = required(node, what, field);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(
          what + " field '" + field + "' must be a long, found: " + v);
    }
    return v.longValue();
  }

  public static Long optLong(JsonNode node, String what, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    return longValue(node, what, field);
  }

  public static boolean bool(JsonNode node, String what, String field) {
    JsonNode v = required(node, what, field);
    if (!v.isBoolean()) {
      throw new IllegalArgumentException(
          what + " field '" + field + "' must be true or false, found: " + v);
    }
    return v.booleanValue();
  }

  public static JsonNode array(JsonNode node, String what, String field) {
    JsonNode v = required(node, what, field);
    if (!v.isArray()) {
      throw new IllegalArgumentException(
          what + " field '" + field + "' must be an array, found: " + v);
    }
    return v;
  }
}

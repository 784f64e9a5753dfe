package io.datashard.types;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Constants and factories for every supported type, and the parser for the Iceberg JSON type
 * strings.
 *
 * <p>Java values accepted on write and returned on read, per type:
 *
 * <table>
 *   <caption>Java representation of each type</caption>
 *   <tr><th>type</th><th>accepted on write</th><th>returned on read</th></tr>
 *   <tr><td>boolean</td><td>Boolean</td><td>Boolean</td></tr>
 *   <tr><td>int</td><td>Integer, Short, Byte</td><td>Integer</td></tr>
 *   <tr><td>long</td><td>Long, Integer, Short, Byte</td><td>Long</td></tr>
 *   <tr><td>float</td><td>Float</td><td>Float</td></tr>
 *   <tr><td>double</td><td>Double, Float</td><td>Double</td></tr>
 *   <tr><td>decimal(P,S)</td><td>BigDecimal with scale &le; S and at most P digits once scaled to
 *       S (never rounded)</td><td>BigDecimal with scale S</td></tr>
 *   <tr><td>date</td><td>LocalDate</td><td>LocalDate</td></tr>
 *   <tr><td>time</td><td>LocalTime (microsecond precision kept)</td><td>LocalTime</td></tr>
 *   <tr><td>timestamp</td><td>LocalDateTime</td><td>LocalDateTime</td></tr>
 *   <tr><td>timestamptz</td><td>Instant, OffsetDateTime, ZonedDateTime</td>
 *       <td>OffsetDateTime in UTC</td></tr>
 *   <tr><td>string</td><td>String (any CharSequence)</td><td>String</td></tr>
 *   <tr><td>uuid</td><td>UUID</td><td>UUID</td></tr>
 *   <tr><td>fixed[L]</td><td>byte[] or ByteBuffer of exactly L bytes</td><td>byte[]</td></tr>
 *   <tr><td>binary</td><td>byte[] or ByteBuffer</td><td>byte[]</td></tr>
 * </table>
 *
 * <p>Times and timestamps are stored with microsecond precision, as the Iceberg types define
 * them: finer digits are truncated (toward the past), as Iceberg-Java and Spark do, so a value
 * from {@code Instant.now()} is accepted as it is.
 */
public final class Types {
  public static final PrimitiveType BOOLEAN = simple(TypeId.BOOLEAN);
  public static final PrimitiveType INT = simple(TypeId.INT);
  public static final PrimitiveType LONG = simple(TypeId.LONG);
  public static final PrimitiveType FLOAT = simple(TypeId.FLOAT);
  public static final PrimitiveType DOUBLE = simple(TypeId.DOUBLE);
  public static final PrimitiveType DATE = simple(TypeId.DATE);
  public static final PrimitiveType TIME = simple(TypeId.TIME);
  public static final PrimitiveType TIMESTAMP = simple(TypeId.TIMESTAMP);
  public static final PrimitiveType TIMESTAMPTZ = simple(TypeId.TIMESTAMPTZ);
  public static final PrimitiveType STRING = simple(TypeId.STRING);
  public static final PrimitiveType UUID = simple(TypeId.UUID);
  public static final PrimitiveType BINARY = simple(TypeId.BINARY);

  /** Iceberg limits decimals to 38 digits (the range of a 16-byte two's complement integer). */
  public static final int MAX_DECIMAL_PRECISION = 38;

  private static final Pattern DECIMAL =
      Pattern.compile("decimal\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");
  private static final Pattern FIXED = Pattern.compile("fixed\\[\\s*(\\d+)\\s*\\]");

  private Types() {}

  private static PrimitiveType simple(TypeId id) {
    return new PrimitiveType(id, 0, 0, 0);
  }

  /**
   * A {@code decimal(precision, scale)} type.
   *
   * @throws IllegalArgumentException if precision is not in 1..38 or scale is not in 0..precision
   */
  public static PrimitiveType decimal(int precision, int scale) {
    if (precision < 1 || precision > MAX_DECIMAL_PRECISION) {
      throw new IllegalArgumentException(
          "Invalid decimal precision " + precision + ": it must be between 1 and "
              + MAX_DECIMAL_PRECISION);
    }
    if (scale < 0 || scale > precision) {
      throw new IllegalArgumentException(
          "Invalid decimal scale " + scale + " for precision " + precision
              + ": it must be between 0 and the precision");
    }
    return new PrimitiveType(TypeId.DECIMAL, precision, scale, 0);
  }

  /**
   * A {@code fixed[length]} type.
   *
   * @throws IllegalArgumentException if length is not positive
   */
  public static PrimitiveType fixed(int length) {
    if (length < 1) {
      throw new IllegalArgumentException(
          "Invalid fixed length " + length + ": it must be at least 1 byte");
    }
    return new PrimitiveType(TypeId.FIXED, 0, 0, length);
  }

  /**
   * Parses an Iceberg JSON type string such as {@code "long"}, {@code "decimal(10,2)"} or
   * {@code "fixed[16]"}.
   *
   * @throws IllegalArgumentException for an unknown or unsupported type string
   */
  public static PrimitiveType fromString(String text) {
    if (text == null) {
      throw new IllegalArgumentException("Type string is missing (null)");
    }
    String s = text.trim().toLowerCase(Locale.ROOT);
    switch (s) {
      case "boolean":
        return BOOLEAN;
      case "int":
        return INT;
      case "long":
        return LONG;
      case "float":
        return FLOAT;
      case "double":
        return DOUBLE;
      case "date":
        return DATE;
      case "time":
        return TIME;
      case "timestamp":
        return TIMESTAMP;
      case "timestamptz":
        return TIMESTAMPTZ;
      case "string":
        return STRING;
      case "uuid":
        return UUID;
      case "binary":
        return BINARY;
      default:
        break;
    }
    Matcher m = DECIMAL.matcher(s);
    if (m.matches()) {
      return decimal(parseParam(text, m.group(1)), parseParam(text, m.group(2)));
    }
    m = FIXED.matcher(s);
    if (m.matches()) {
      return fixed(parseParam(text, m.group(1)));
    }
    throw new IllegalArgumentException(
        "Unsupported type '" + text + "': expected one of boolean, int, long, float, double, "
            + "decimal(P,S), date, time, timestamp, timestamptz, string, uuid, fixed[L], binary "
            + "(nested struct/list/map types are not supported yet)");
  }

  private static int parseParam(String text, String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Type parameter out of range in '" + text + "'", e);
    }
  }
}

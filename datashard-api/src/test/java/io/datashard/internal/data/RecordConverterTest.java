package io.datashard.internal.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datashard.Schema;
import io.datashard.exceptions.SchemaMismatchException;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordConverterTest {
  private static final Schema EVENTS =
      Schema.builder().required("user_id", Types.LONG).optional("event", Types.STRING).build();

  private static String error(Schema schema, Map<String, Object> bad) {
    List<Map<String, Object>> batch = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      batch.add(Map.of("user_id", 1L));
    }
    batch.add(bad);
    return assertThrows(
            SchemaMismatchException.class, () -> new RecordConverter(schema).convertAll(batch))
        .getMessage();
  }

  private static Object convertOne(io.datashard.types.PrimitiveType type, Object value) {
    Schema s = Schema.builder().optional("v", type).build();
    return new RecordConverter(s).convert(0, Map.of("v", value))[0];
  }

  private static String convertError(String name, io.datashard.types.PrimitiveType type,
      Object value) {
    Schema s = Schema.builder().optional(name, type).build();
    return assertThrows(
            SchemaMismatchException.class,
            () -> new RecordConverter(s).convert(3, Map.of(name, value)))
        .getMessage();
  }

  @Test
  void missingRequiredField() {
    assertEquals(
        "Record 3 is missing required field 'user_id' (long)",
        error(EVENTS, Map.of("event", "x")));
  }

  @Test
  void nullInRequiredField() {
    Map<String, Object> r = new HashMap<>();
    r.put("user_id", null);
    assertEquals("Record 3 has null in required field 'user_id' (long)", error(EVENTS, r));
  }

  @Test
  void unknownFieldIsReportedBeforeTheMissingOneItExplains() {
    assertEquals(
        "Record 3 has unknown field 'foo': the table's columns are [user_id, event]",
        error(EVENTS, Map.of("foo", 1)));
  }

  @Test
  void nullRecord() {
    List<Map<String, Object>> batch = Arrays.asList(Map.of("user_id", 1L), null);
    assertEquals(
        "Record 1 is null",
        assertThrows(
                SchemaMismatchException.class,
                () -> new RecordConverter(EVENTS).convertAll(batch))
            .getMessage());
  }

  @Test
  void wrongJavaType() {
    assertEquals(
        "Record 3 field 'user_id' expects long (accepts Long, Integer, Short, Byte) but got "
            + "java.lang.String: abc",
        error(EVENTS, Map.of("user_id", "abc")));
  }

  @Test
  void wrongJavaTypeValueIsTruncatedTo100Characters() {
    String longValue = "x".repeat(150);
    assertEquals(
        "Record 3 field 'user_id' expects long (accepts Long, Integer, Short, Byte) but got "
            + "java.lang.String: " + "x".repeat(100) + "...",
        error(EVENTS, Map.of("user_id", longValue)));
  }

  @Test
  void decimalWithTooManyFractionDigitsIsNeverRounded() {
    assertEquals(
        "Record 3 field 'amount' expects decimal(5, 2) but 1.234 has 3 digits after the point "
            + "(at most 2 allowed, values are never rounded)",
        convertError("amount", Types.decimal(5, 2), new BigDecimal("1.234")));
  }

  @Test
  void decimalWithTooManyDigits() {
    assertEquals(
        "Record 3 field 'amount' expects decimal(5, 2) but 12345.6 needs 7 digits "
            + "(at most 5 allowed)",
        convertError("amount", Types.decimal(5, 2), new BigDecimal("12345.6")));
  }

  @Test
  void fixedOfWrongLength() {
    assertEquals(
        "Record 3 field 'h' expects fixed[16] but got 15 bytes",
        convertError("h", Types.fixed(16), new byte[15]));
  }

  @Test
  void subMicrosecondDigitsAreTruncatedLikeIcebergDoes() {
    assertEquals(1_704_067_200_000_001L,
        convertOne(Types.TIMESTAMP, LocalDateTime.of(2024, 1, 1, 0, 0, 0, 1_999)));
    assertEquals(1_704_067_200_000_001L,
        convertOne(Types.TIMESTAMPTZ, java.time.Instant.ofEpochSecond(1_704_067_200L, 1_999)));
    // before 1970 truncation goes toward the past, never toward zero
    assertEquals(-1L, convertOne(Types.TIMESTAMPTZ, java.time.Instant.ofEpochSecond(-1, 999_999_500)));
    assertEquals(3_723_000_000L + 1, convertOne(Types.TIME, LocalTime.of(1, 2, 3, 1_500)));
  }

  @Test
  void optionalFieldsAbsentFromTheMapAreNull() {
    Object[] row = new RecordConverter(EVENTS).convert(0, Map.of("user_id", 7));
    assertArrayEquals(new Object[] {7L, null}, row);
  }

  @Test
  void widensAcceptedJavaTypes() {
    assertEquals(5, convertOne(Types.INT, (short) 5));
    assertEquals(5, convertOne(Types.INT, (byte) 5));
    assertEquals(5L, convertOne(Types.LONG, (byte) 5));
    assertEquals(1.5d, convertOne(Types.DOUBLE, 1.5f));
    assertEquals("ab", convertOne(Types.STRING, new StringBuilder("ab")));
  }

  @Test
  void decimalIsScaledToTheColumnScaleWithoutRounding() {
    BigDecimal v = (BigDecimal) convertOne(Types.decimal(10, 3), new BigDecimal("-12.5"));
    assertEquals("-12.500", v.toPlainString());
    assertEquals(
        "99999999999999999999999999999999999999",
        ((BigDecimal) convertOne(Types.decimal(38, 0),
            new BigDecimal("99999999999999999999999999999999999999"))).toPlainString());
  }

  @Test
  void timesBecomeMicrosecondsAndDaysBeforeAndAfter1970() {
    assertEquals(-1, convertOne(Types.DATE, LocalDate.of(1969, 12, 31)));
    assertEquals(3_723_000_001L, convertOne(Types.TIME, LocalTime.of(1, 2, 3, 1000)));
    assertEquals(-1L, convertOne(Types.TIMESTAMP, LocalDateTime.of(1969, 12, 31, 23, 59, 59,
        999_999_000)));
    assertEquals(1_000_000L, convertOne(Types.TIMESTAMPTZ, Instant.ofEpochSecond(1)));
    assertEquals(
        0L,
        convertOne(Types.TIMESTAMPTZ, OffsetDateTime.of(1970, 1, 1, 2, 0, 0, 0,
            ZoneOffset.ofHours(2))));
    assertEquals(
        0L,
        convertOne(Types.TIMESTAMPTZ,
            ZonedDateTime.of(1969, 12, 31, 19, 0, 0, 0, ZoneId.of("America/New_York"))));
  }

  @Test
  void byteBuffersAreCopied() {
    ByteBuffer buf = ByteBuffer.wrap(new byte[] {1, 2, 3});
    buf.position(1);
    byte[] out = (byte[]) convertOne(Types.BINARY, buf);
    buf.array()[2] = 9;
    assertArrayEquals(new byte[] {2, 3}, out);
  }

  @Test
  void javaValuesConvertInternalValuesForReading() {
    assertEquals(LocalDate.of(1969, 12, 31), JavaValues.toJava(Types.DATE, -1));
    assertEquals(LocalTime.of(0, 0, 0, 1000), JavaValues.toJava(Types.TIME, 1L));
    assertEquals(
        LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000),
        JavaValues.toJava(Types.TIMESTAMP, -1L));
    assertEquals(
        OffsetDateTime.of(1970, 1, 1, 0, 0, 1, 0, ZoneOffset.UTC),
        JavaValues.toJava(Types.TIMESTAMPTZ, 1_000_000L));
    assertEquals(42L, JavaValues.toJava(Types.LONG, 42L));
    assertEquals(null, JavaValues.toJava(Types.LONG, null));
  }
}

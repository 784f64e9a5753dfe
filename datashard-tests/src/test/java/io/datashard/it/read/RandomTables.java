package io.datashard.it.read;

import io.datashard.Schema;
import io.datashard.types.Field;
import io.datashard.types.PrimitiveType;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Random rows over every primitive type, drawn from small domains (so filters built from the same
 * domains match some rows but not all), with nulls, NaN, signed zeros, long and non-ASCII strings.
 * Values are in the read-side Java types, which writes also accept, so written rows can be
 * compared with rows read back as they are.
 */
final class RandomTables {
  static final Schema SCHEMA = Schema.builder()
      .required("id", Types.LONG)
      .optional("b", Types.BOOLEAN)
      .optional("i", Types.INT)
      .optional("l", Types.LONG)
      .optional("f", Types.FLOAT)
      .optional("d", Types.DOUBLE)
      .optional("dec9", Types.decimal(9, 2))
      .optional("dec18", Types.decimal(18, 4))
      .optional("dec30", Types.decimal(30, 5))
      .optional("date", Types.DATE)
      .optional("time", Types.TIME)
      .optional("ts", Types.TIMESTAMP)
      .optional("tstz", Types.TIMESTAMPTZ)
      .optional("s", Types.STRING)
      .optional("u", Types.UUID)
      .optional("fx", Types.fixed(3))
      .optional("bin", Types.BINARY)
      .build();

  private static final String[] STRINGS = {
    "", "a", "ab", "abc", "b", "login", "logout", "zeta", "é", "日本", "😀x",
    "aaaaaaaaaaaaaaaaaaaa-1", "aaaaaaaaaaaaaaaaaaaa-2", "aaaaaaaaaaaaaaab", "\uffff\uffffq"
  };
  private static final UUID[] UUIDS = {
    new UUID(0, 1), new UUID(-1, 0), new UUID(5, 5), new UUID(Long.MIN_VALUE, 7)
  };

  private RandomTables() {}

  static List<Map<String, Object>> rows(Random rnd, long firstId, int count) {
    List<Map<String, Object>> rows = new ArrayList<>(count);
    for (int n = 0; n < count; n++) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", firstId + n);
      for (Field f : SCHEMA.fields()) {
        if (!f.name().equals("id")) {
          r.put(f.name(), rnd.nextInt(7) == 0 ? null : value(rnd, (PrimitiveType) f.type()));
        }
      }
      rows.add(r);
    }
    return rows;
  }

  /** A random non-null value of the type from its small domain. */
  static Object value(Random rnd, PrimitiveType type) {
    switch (type.typeId()) {
      case BOOLEAN:
        return rnd.nextBoolean();
      case INT:
        return rnd.nextInt(41) - 20;
      case LONG:
        return (long) (rnd.nextInt(41) - 20) * 1_000_000_007L;
      case FLOAT:
        float[] fs = {Float.NaN, -0.0f, 0.0f, 1.5f, -2.25f, 3f, Float.POSITIVE_INFINITY, 7.75f};
        return fs[rnd.nextInt(fs.length)];
      case DOUBLE:
        double[] ds = {Double.NaN, -0.0, 0.0, 1.5, -2.25, 1e300, Double.NEGATIVE_INFINITY, 42.0};
        return ds[rnd.nextInt(ds.length)];
      case DECIMAL:
        BigInteger unscaled = BigInteger.valueOf(rnd.nextInt(2001) - 1000);
        if (type.precision() > 18 && rnd.nextBoolean()) {
          unscaled = unscaled.multiply(BigInteger.TEN.pow(20));
        }
        return new BigDecimal(unscaled, type.scale());
      case DATE:
        return LocalDate.of(1969, 12, 25).plusDays(rnd.nextInt(15));
      case TIME:
        return LocalTime.of(rnd.nextInt(24), rnd.nextInt(2) * 30, 0, rnd.nextInt(3) * 1000);
      case TIMESTAMP:
        return LocalDateTime.of(1969, 12, 31, 23, 59).plusSeconds(rnd.nextInt(120))
            .plusNanos(rnd.nextInt(3) * 1000L);
      case TIMESTAMPTZ:
        return OffsetDateTime.of(2024, 2, 29, 12, 0, 0, 0, ZoneOffset.UTC)
            .plusMinutes(rnd.nextInt(60) - 30);
      case STRING:
        return STRINGS[rnd.nextInt(STRINGS.length)];
      case UUID:
        return UUIDS[rnd.nextInt(UUIDS.length)];
      case FIXED:
        return new byte[] {(byte) (rnd.nextInt(3) * 127), 0, (byte) rnd.nextInt(2)};
      case BINARY:
        byte[] b = new byte[rnd.nextInt(4)];
        for (int i = 0; i < b.length; i++) {
          b[i] = (byte) (rnd.nextInt(3) * 128 - 1);
        }
        return b;
      default:
        throw new IllegalArgumentException("No generator for " + type);
    }
  }
}

package io.datashard.interop;

import io.datashard.Schema;
import io.datashard.types.Types;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small event schema and a generator of its rows, for the tables that test commit shapes. */
final class Events {
  static final Schema SCHEMA = Schema.builder()
      .required("id", Types.LONG)
      .required("writer", Types.STRING)
      .optional("amount", Types.decimal(10, 2))
      .optional("at", Types.TIMESTAMPTZ)
      .identifier("id")
      .build();

  private static final OffsetDateTime START = OffsetDateTime.of(2024, 3, 1, 0, 0, 0, 0,
      ZoneOffset.UTC);

  private Events() {}

  /** Rows with ids {@code first .. first+count-1}, as written and as DataShard reads them. */
  static List<Map<String, Object>> rows(String writer, long first, int count) {
    List<Map<String, Object>> rows = new ArrayList<>(count);
    for (long id = first; id < first + count; id++) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", id);
      r.put("writer", writer + "-" + Long.toHexString(id * 0x9E3779B97F4A7C15L));
      r.put("amount", id % 7 == 0 ? null : BigDecimal.valueOf(id * 31 % 100_000, 2));
      r.put("at", id % 11 == 0 ? null : START.plusSeconds(id * 37).plusNanos(id % 1000 * 1000));
      rows.add(r);
    }
    return rows;
  }
}

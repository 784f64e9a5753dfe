package io.datashard.it;

import io.datashard.DataShardConfig;
import io.datashard.Schema;
import io.datashard.Warehouse;
import io.datashard.types.Types;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared schemas, record generators and warehouse factories for the end-to-end tests. */
final class Fixtures {
  static final Schema EVENTS = Schema.builder()
      .required("user_id", Types.LONG)
      .required("event", Types.STRING)
      .optional("amount", Types.decimal(10, 2))
      .build();

  private Fixtures() {}

  static Warehouse warehouse(Path root) {
    return Warehouse.open(DataShardConfig.builder().localRoot(root).build());
  }

  static Warehouse warehouse(Path root, String key, String value) {
    return Warehouse.open(DataShardConfig.builder().localRoot(root).set(key, value).build());
  }

  /** {@code count} event records with user ids {@code first, first+1, ...}. */
  static List<Map<String, Object>> events(long first, int count) {
    List<Map<String, Object>> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("user_id", first + i);
      r.put("event", (first + i) % 2 == 0 ? "login" : "click");
      r.put("amount", i % 5 == 0 ? null : java.math.BigDecimal.valueOf(first + i, 2));
      rows.add(r);
    }
    return rows;
  }

  static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}

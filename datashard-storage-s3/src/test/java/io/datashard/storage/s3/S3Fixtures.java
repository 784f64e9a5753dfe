package io.datashard.storage.s3;

import io.datashard.Schema;
import io.datashard.types.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The schema and record batches the table-level S3 tests write. */
final class S3Fixtures {
  static final Schema EVENTS = Schema.builder()
      .required("user_id", Types.LONG)
      .required("event", Types.STRING)
      .build();

  private S3Fixtures() {}

  /** {@code rows} records whose {@code event} is {@code tag}, so rows can be tied to commits. */
  static List<Map<String, Object>> batch(String tag, int rows) {
    List<Map<String, Object>> out = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      out.add(Map.of("user_id", (long) i, "event", tag));
    }
    return out;
  }
}

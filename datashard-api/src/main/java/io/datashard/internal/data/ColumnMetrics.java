package io.datashard.internal.data;

import io.datashard.types.PrimitiveType;
import io.datashard.types.TypeId;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.UUID;

/**
 * Running metrics of one column while a data file is written: null and NaN counts and the
 * smallest and largest value. Values are the row's own internal objects, so an update is a
 * comparison or two and no allocation; bounds are truncated and serialized only when the file is
 * finished.
 *
 * <p>Orderings match Iceberg's: strings by Unicode code point (the same as UTF-8 byte order, and
 * unlike {@link String#compareTo} for characters above U+FFFF), binary, fixed and uuid by unsigned
 * bytes, floats numerically with NaN excluded from bounds.
 */
final class ColumnMetrics {
  /** Iceberg's default metrics mode, truncate(16): bounds of strings and bytes keep 16 units. */
  static final int TRUNCATE_LENGTH = 16;

  private final PrimitiveType type;
  private final Comparator<Object> order;
  private final boolean floating;
  private long nullCount;
  private long nanCount;
  private Object min;
  private Object max;

  ColumnMetrics(PrimitiveType type) {
    this.type = type;
    this.order = orderOf(type.typeId());
    this.floating = type.typeId() == TypeId.FLOAT || type.typeId() == TypeId.DOUBLE;
  }

  void update(Object value) {
    if (value == null) {
      nullCount++;
      return;
    }
    if (floating && isNaN(value)) {
      nanCount++;
      return;
    }
    if (min == null) {
      min = value;
      max = value;
    } else if (order.compare(value, min) < 0) {
      min = value;
    } else if (order.compare(value, max) > 0) {
      max = value;
    }
  }

  long nullCount() {
    return nullCount;
  }

  long nanCount() {
    return nanCount;
  }

  boolean isFloating() {
    return floating;
  }

  /** The serialized lower bound (truncated for strings and bytes), or null if none. */
  ByteBuffer lowerBound() {
    if (min == null) {
      return null;
    }
    Object bound = min;
    if (min instanceof String) {
      bound = truncateString((String) min);
    } else if (min instanceof byte[] && ((byte[]) min).length > TRUNCATE_LENGTH) {
      bound = Arrays.copyOf((byte[]) min, TRUNCATE_LENGTH);
    }
    return SingleValueSerialization.toBytes(type, bound);
  }

  /** The serialized upper bound, or null if none or no truncated bound exists. */
  ByteBuffer upperBound() {
    if (max == null) {
      return null;
    }
    Object bound = max;
    if (max instanceof String) {
      bound = truncateStringUpper((String) max);
    } else if (max instanceof byte[]) {
      bound = truncateBytesUpper((byte[]) max);
    }
    return bound == null ? null : SingleValueSerialization.toBytes(type, bound);
  }

  static String truncateString(String s) {
    if (s.length() <= TRUNCATE_LENGTH || s.codePointCount(0, s.length()) <= TRUNCATE_LENGTH) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, TRUNCATE_LENGTH));
  }

  /**
   * The smallest string of at most 16 code points that is not less than any string with the
   * prefix of {@code s}: the prefix with its last incrementable code point incremented.
   */
  static String truncateStringUpper(String s) {
    String prefix = truncateString(s);
    if (prefix.length() == s.length()) {
      return s;
    }
    int end = prefix.length();
    while (end > 0) {
      int cp = prefix.codePointBefore(end);
      int start = end - Character.charCount(cp);
      int next = cp + 1;
      if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) {
        next = Character.MAX_SURROGATE + 1; // surrogates are not characters; skip the block
      }
      if (next <= Character.MAX_CODE_POINT) {
        return prefix.substring(0, start) + new String(Character.toChars(next));
      }
      end = start;
    }
    return null;
  }

  /** Like {@link #truncateStringUpper} for unsigned bytes. */
  static byte[] truncateBytesUpper(byte[] b) {
    if (b.length <= TRUNCATE_LENGTH) {
      return b;
    }
    for (int i = TRUNCATE_LENGTH - 1; i >= 0; i--) {
      if (b[i] != (byte) 0xFF) {
        byte[] out = Arrays.copyOf(b, i + 1);
        out[i]++;
        return out;
      }
    }
    return null;
  }

  private static boolean isNaN(Object v) {
    return v instanceof Double ? ((Double) v).isNaN() : ((Float) v).isNaN();
  }

  @SuppressWarnings("unchecked")
  private static Comparator<Object> orderOf(TypeId id) {
    switch (id) {
      case STRING:
        return (a, b) -> compareCodePoints((String) a, (String) b);
      case UUID:
        return (a, b) -> compareUuids((UUID) a, (UUID) b);
      case FIXED:
      case BINARY:
        return (a, b) -> Arrays.compareUnsigned((byte[]) a, (byte[]) b);
      case DECIMAL:
        return (a, b) -> ((BigDecimal) a).compareTo((BigDecimal) b);
      default:
        // Boolean, Integer, Long, Float and Double order naturally (Float/Double.compare order
        // -0.0 below 0.0, which keeps bounds valid for both).
        return (a, b) -> ((Comparable<Object>) a).compareTo(b);
    }
  }

  /** Compares in code point order with no allocation. */
  static int compareCodePoints(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        // UTF-16 order differs from code point order only between surrogates (U+10000 and up)
        // and U+E000..U+FFFF; shifting those two ranges fixes it (the ICU "fix-up" trick).
        return fixUp(ca) - fixUp(cb);
      }
    }
    return a.length() - b.length();
  }

  private static int fixUp(char c) {
    if (c >= Character.MIN_SURROGATE) {
      return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }
    return c;
  }

  private static int compareUuids(UUID a, UUID b) {
    int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }
}

package io.datashard.internal.read;

import io.datashard.expressions.Expression.Operation;
import io.datashard.types.Field;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * A bound predicate on one column: true or false for every row (null values are false except
 * for IS_NULL; NaN values give {@code nanMatches}). Evaluates whole batches, and decides from
 * column stats whether any row of a file or row group can pass.
 */
final class Predicate extends BoundFilter {
  private final Field field;
  private final int slot;
  private final Kind kind;
  private final Operation op;
  private final boolean nanMatches;
  private final Object[] literals;

  Predicate(Field field, int slot, Kind kind, Operation op, boolean nanMatches,
      Object[] literals) {
    this.field = field;
    this.slot = slot;
    this.kind = kind;
    this.op = op;
    this.nanMatches = nanMatches;
    this.literals = literals;
  }

  @Override
  public void evaluate(ColumnData[] columns, int rows, boolean[] out) {
    ColumnData c = columns[slot];
    if (op == Operation.IS_NULL || op == Operation.NOT_NULL) {
      boolean want = op == Operation.IS_NULL;
      for (int i = 0; i < rows; i++) {
        out[i] = c.nulls[i] == want;
      }
      return;
    }
    for (int i = 0; i < rows; i++) {
      if (c.nulls[i]) {
        out[i] = false;
        continue;
      }
      Object v = c.get(i);
      if (kind.isFloating() && kind.isNaN(v)) {
        out[i] = nanMatches;
        continue;
      }
      out[i] = test(v);
    }
  }

  /** The predicate on a non-null, non-NaN value. */
  private boolean test(Object v) {
    switch (op) {
      case LT:
        return kind.compare(v, literals[0]) < 0;
      case LT_EQ:
        return kind.compare(v, literals[0]) <= 0;
      case GT:
        return kind.compare(v, literals[0]) > 0;
      case GT_EQ:
        return kind.compare(v, literals[0]) >= 0;
      case EQ:
        return kind.compare(v, literals[0]) == 0;
      case NOT_EQ:
        return kind.compare(v, literals[0]) != 0;
      case IN:
        return Arrays.binarySearch(literals, v, kind::compare) >= 0;
      case NOT_IN:
        return Arrays.binarySearch(literals, v, kind::compare) < 0;
      case STARTS_WITH:
        return startsWith((byte[]) v, (byte[]) literals[0]);
      case NOT_STARTS_WITH:
        return !startsWith((byte[]) v, (byte[]) literals[0]);
      default:
        throw new IllegalStateException("Unexpected predicate " + op);
    }
  }

  private static boolean startsWith(byte[] value, byte[] prefix) {
    return value.length >= prefix.length
        && Arrays.equals(value, 0, prefix.length, prefix, 0, prefix.length);
  }

  @Override
  public boolean mightMatch(IntFunction<ColumnStats> statsById) {
    ColumnStats s = statsById.apply(field.id());
    if (s == null) {
      s = ColumnStats.UNKNOWN;
    }
    switch (op) {
      case IS_NULL:
        return s.nullCount == null || s.nullCount > 0;
      case NOT_NULL:
        return !s.allNull();
      default:
        break;
    }
    if (s.allNull()) {
      return false; // nulls pass no other predicate
    }
    if (kind.isFloating()) {
      boolean nansPossible = s.nanCount == null || s.nanCount > 0;
      if (nanMatches && nansPossible) {
        return true;
      }
      if (s.nanCount != null && s.valueCount != null && s.nullCount != null
          && s.valueCount - s.nullCount - s.nanCount <= 0) {
        return false; // only nulls and NaN, and neither passes
      }
    }
    Object lower = ColumnStats.safeLower(kind, s.lower);
    Object upper = ColumnStats.safeUpper(kind, s.upper);
    switch (op) {
      case LT:
        return lower == null || kind.compare(lower, literals[0]) < 0;
      case LT_EQ:
        return lower == null || kind.compare(lower, literals[0]) <= 0;
      case GT:
        return upper == null || kind.compare(upper, literals[0]) > 0;
      case GT_EQ:
        return upper == null || kind.compare(upper, literals[0]) >= 0;
      case EQ:
        return inRange(lower, upper, literals[0]);
      case IN:
        for (Object lit : literals) {
          if (inRange(lower, upper, lit)) {
            return true;
          }
        }
        return false;
      case NOT_EQ:
        return !singleValueIn(lower, upper, new Object[] {literals[0]});
      case NOT_IN:
        return !singleValueIn(lower, upper, literals);
      case STARTS_WITH:
        return prefixMightMatch((byte[]) lower, (byte[]) upper, (byte[]) literals[0]);
      case NOT_STARTS_WITH:
        // Every value lies between the bounds; if both start with the prefix, so do they all.
        return lower == null || upper == null
            || !startsWith((byte[]) lower, (byte[]) literals[0])
            || !startsWith((byte[]) upper, (byte[]) literals[0]);
      default:
        return true;
    }
  }

  private boolean inRange(Object lower, Object upper, Object lit) {
    return (lower == null || kind.compare(lower, lit) <= 0)
        && (upper == null || kind.compare(upper, lit) >= 0);
  }

  /** True if the bounds prove every non-null value equals one value of the (sorted) set. */
  private boolean singleValueIn(Object lower, Object upper, Object[] set) {
    return lower != null && upper != null && kind.compare(lower, upper) == 0
        && Arrays.binarySearch(set, lower, kind::compare) >= 0;
  }

  /**
   * Bounds truncated to the prefix's length still bound the values' prefixes: lower[:n] <=
   * v[:n] = prefix <= upper[:n] for any matching value v (UTF-8 byte order is code point order).
   */
  private static boolean prefixMightMatch(byte[] lower, byte[] upper, byte[] prefix) {
    int n = prefix.length;
    if (lower != null
        && Arrays.compareUnsigned(lower, 0, Math.min(n, lower.length), prefix, 0, n) > 0) {
      return false;
    }
    return upper == null
        || Arrays.compareUnsigned(upper, 0, Math.min(n, upper.length), prefix, 0, n) >= 0;
  }

  @Override
  public String toString() {
    return field.name() + " " + op + " " + Arrays.deepToString(literals);
  }
}

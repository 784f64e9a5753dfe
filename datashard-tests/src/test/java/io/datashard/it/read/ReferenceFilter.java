package io.datashard.it.read;

import io.datashard.expressions.Expression;
import java.math.BigDecimal;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/**
 * A deliberately plain evaluation of a filter on one row of Java values, with SQL's three-valued
 * logic written out (null = unknown) and IEEE comparisons for NaN. The test oracle.
 */
final class ReferenceFilter {
  private ReferenceFilter() {}

  static boolean matches(Expression e, Map<String, Object> row) {
    return Boolean.TRUE.equals(eval(e, row));
  }

  private static Boolean eval(Expression e, Map<String, Object> row) {
    switch (e.op()) {
      case TRUE:
        return true;
      case FALSE:
        return false;
      case NOT:
        Boolean v = eval(e.children().get(0), row);
        return v == null ? null : !v;
      case AND: {
        Boolean acc = true;
        for (Expression c : e.children()) {
          Boolean x = eval(c, row);
          if (Boolean.FALSE.equals(x)) {
            return false;
          }
          if (x == null) {
            acc = null;
          }
        }
        return acc;
      }
      case OR: {
        Boolean acc = false;
        for (Expression c : e.children()) {
          Boolean x = eval(c, row);
          if (Boolean.TRUE.equals(x)) {
            return true;
          }
          if (x == null) {
            acc = null;
          }
        }
        return acc;
      }
      default:
        return predicate(e, row.get(e.column()));
    }
  }

  private static Boolean predicate(Expression e, Object value) {
    switch (e.op()) {
      case IS_NULL:
        return value == null;
      case NOT_NULL:
        return value != null;
      default:
        break;
    }
    if (value == null) {
      return null;
    }
    boolean nan = (value instanceof Double && ((Double) value).isNaN())
        || (value instanceof Float && ((Float) value).isNaN());
    Object lit = e.literals().get(0);
    switch (e.op()) {
      case LT:
        return !nan && compare(value, lit) < 0;
      case LT_EQ:
        return !nan && compare(value, lit) <= 0;
      case GT:
        return !nan && compare(value, lit) > 0;
      case GT_EQ:
        return !nan && compare(value, lit) >= 0;
      case EQ:
        return !nan && compare(value, lit) == 0;
      case NOT_EQ:
        return nan || compare(value, lit) != 0;
      case IN:
        return !nan && e.literals().stream().anyMatch(l -> compare(value, l) == 0);
      case NOT_IN:
        return nan || e.literals().stream().noneMatch(l -> compare(value, l) == 0);
      case STARTS_WITH:
        return ((String) value).startsWith((String) lit);
      default:
        throw new IllegalArgumentException("Unexpected " + e.op());
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compare(Object a, Object b) {
    if (a instanceof String) {
      return Arrays.compare(((String) a).codePoints().toArray(),
          ((String) b).codePoints().toArray());
    }
    if (a instanceof byte[]) {
      return Arrays.compareUnsigned((byte[]) a, (byte[]) b);
    }
    if (a instanceof UUID) {
      UUID x = (UUID) a;
      UUID y = (UUID) b;
      int c = Long.compareUnsigned(x.getMostSignificantBits(), y.getMostSignificantBits());
      return c != 0 ? c
          : Long.compareUnsigned(x.getLeastSignificantBits(), y.getLeastSignificantBits());
    }
    if (a instanceof BigDecimal) {
      return ((BigDecimal) a).compareTo((BigDecimal) b);
    }
    if (a instanceof Temporal || a instanceof Number || a instanceof Boolean) {
      return ((Comparable) a).compareTo(b); // Float/Double.compareTo: -0.0 < 0.0, as Iceberg
    }
    throw new IllegalArgumentException("Cannot compare " + a.getClass());
  }
}

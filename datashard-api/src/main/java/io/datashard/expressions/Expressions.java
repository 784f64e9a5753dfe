package io.datashard.expressions;

import io.datashard.expressions.Expression.Operation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Factory of filter {@link Expression}s.
 *
 * <pre>{@code
 * table.scan()
 *     .filter(Expressions.and(
 *         Expressions.equal("event", "login"),
 *         Expressions.greaterThanOrEqual("ts", LocalDateTime.parse("2024-01-01T00:00:00"))))
 *     .toRecords();
 * }</pre>
 *
 * <p>Literals are given as the Java types a write accepts for the column (see {@link
 * io.datashard.types.Types}): a {@code long} column takes Long, Integer, Short or Byte, a {@code
 * timestamptz} column takes Instant, OffsetDateTime or ZonedDateTime, and so on. Columns and
 * literal types are checked when the filter is bound to a scan, which throws {@link
 * IllegalArgumentException} naming the column and the expected type. A null literal or a NaN
 * literal is rejected here: test for null with {@link #isNull}.
 */
public final class Expressions {
  private Expressions() {}

  /** A filter that every row passes (the default of a scan). */
  public static Expression alwaysTrue() {
    return Expression.ALWAYS_TRUE;
  }

  /** column == value. */
  public static Expression equal(String column, Object value) {
    return predicate(Operation.EQ, column, value);
  }

  /** column != value (false for null values, SQL-style). */
  public static Expression notEqual(String column, Object value) {
    return predicate(Operation.NOT_EQ, column, value);
  }

  /** column &lt; value. */
  public static Expression lessThan(String column, Object value) {
    return predicate(Operation.LT, column, value);
  }

  /** column &lt;= value. */
  public static Expression lessThanOrEqual(String column, Object value) {
    return predicate(Operation.LT_EQ, column, value);
  }

  /** column &gt; value. */
  public static Expression greaterThan(String column, Object value) {
    return predicate(Operation.GT, column, value);
  }

  /** column &gt;= value. */
  public static Expression greaterThanOrEqual(String column, Object value) {
    return predicate(Operation.GT_EQ, column, value);
  }

  /** column is one of the values (at least one value). */
  public static Expression in(String column, Object... values) {
    return setPredicate(Operation.IN, column, values);
  }

  /** column is none of the values and not null (at least one value). */
  public static Expression notIn(String column, Object... values) {
    return setPredicate(Operation.NOT_IN, column, values);
  }

  /** column is null. */
  public static Expression isNull(String column) {
    return new Expression(Operation.IS_NULL, checkColumn(column), List.of(), List.of());
  }

  /** column is not null. */
  public static Expression notNull(String column) {
    return new Expression(Operation.NOT_NULL, checkColumn(column), List.of(), List.of());
  }

  /** A string column starts with the prefix (Unicode code points; case-sensitive). */
  public static Expression startsWith(String column, String prefix) {
    return predicate(Operation.STARTS_WITH, column, prefix);
  }

  /** All operands are true. {@code and()} with no operands is {@link #alwaysTrue()}. */
  public static Expression and(Expression... operands) {
    return combine(Operation.AND, operands);
  }

  /** At least one operand is true. {@code or()} with no operands is false. */
  public static Expression or(Expression... operands) {
    return combine(Operation.OR, operands);
  }

  /** The operand is false (an unknown result, from a null, stays unknown). */
  public static Expression not(Expression operand) {
    if (operand == null) {
      throw new IllegalArgumentException("not() needs an expression, got null");
    }
    if (operand.op() == Operation.TRUE) {
      return Expression.ALWAYS_FALSE;
    }
    if (operand.op() == Operation.FALSE) {
      return Expression.ALWAYS_TRUE;
    }
    return new Expression(Operation.NOT, null, List.of(), List.of(operand));
  }

  private static Expression combine(Operation op, Expression[] operands) {
    if (operands == null) {
      throw new IllegalArgumentException(op.name().toLowerCase() + "() needs expressions, got null");
    }
    List<Expression> kept = new ArrayList<>();
    for (Expression e : operands) {
      if (e == null) {
        throw new IllegalArgumentException(
            op.name().toLowerCase() + "() got a null expression among its operands");
      }
      if (op == Operation.AND ? e.op() == Operation.FALSE : e.op() == Operation.TRUE) {
        return e; // decides the result
      }
      if (op == Operation.AND ? e.op() == Operation.TRUE : e.op() == Operation.FALSE) {
        continue; // neutral
      }
      kept.add(e);
    }
    if (kept.isEmpty()) {
      return op == Operation.AND ? Expression.ALWAYS_TRUE : Expression.ALWAYS_FALSE;
    }
    if (kept.size() == 1) {
      return kept.get(0);
    }
    return new Expression(op, null, List.of(), Collections.unmodifiableList(kept));
  }

  private static Expression predicate(Operation op, String column, Object value) {
    checkColumn(column);
    checkLiteral(op, column, value);
    return new Expression(op, column, Expression.copyLiterals(value), List.of());
  }

  private static Expression setPredicate(Operation op, String column, Object[] values) {
    checkColumn(column);
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException(
          (op == Operation.IN ? "in" : "notIn") + "('" + column + "') needs at least one value");
    }
    for (Object v : values) {
      checkLiteral(op, column, v);
    }
    return new Expression(op, column, Expression.copyLiterals(values), List.of());
  }

  private static String checkColumn(String column) {
    if (column == null || column.isBlank()) {
      throw new IllegalArgumentException("A filter needs a column name, got " + column);
    }
    return column;
  }

  private static void checkLiteral(Operation op, String column, Object value) {
    if (value == null) {
      throw new IllegalArgumentException(
          "Filter " + op + " on column '" + column + "' got a null literal: comparisons with null"
              + " are never true; use Expressions.isNull or Expressions.notNull instead");
    }
    if ((value instanceof Double && ((Double) value).isNaN())
        || (value instanceof Float && ((Float) value).isNaN())) {
      throw new IllegalArgumentException(
          "Filter " + op + " on column '" + column + "' got NaN as a literal: NaN compares"
              + " unequal to everything, so the filter would be constant; compare with a number");
    }
  }
}

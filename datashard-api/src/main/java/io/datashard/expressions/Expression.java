package io.datashard.expressions;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A row filter: a predicate on one column, or a combination of filters with and, or and not.
 * Immutable; build one with {@link Expressions}. A filter is checked against a table's schema
 * (column names and literal types) when it is given to {@code TableScan#filter}.
 *
 * <p>Null semantics are SQL's: a comparison, {@code in}, {@code notIn}, {@code startsWith} or
 * {@code notEqual} with a null value is unknown, and a row is returned only when the whole filter
 * is true ({@code not} of unknown stays unknown). So {@code notEqual("x", 5)} does not return rows
 * where x is null; use {@code isNull} / {@code notNull} to test for null. For float and double
 * columns, NaN compares as IEEE 754 says: {@code equal}, {@code lessThan}, ... and {@code in} are
 * false for a NaN value, {@code notEqual} and {@code notIn} are true; NaN itself is not accepted as
 * a literal. Otherwise values order as Iceberg orders them (-0.0 before 0.0, strings by Unicode
 * code point, binary and uuid by unsigned bytes).
 */
public final class Expression {
  /** The kind of an expression node. */
  public enum Operation {
    TRUE,
    FALSE,
    AND,
    OR,
    NOT,
    IS_NULL,
    NOT_NULL,
    LT,
    LT_EQ,
    GT,
    GT_EQ,
    EQ,
    NOT_EQ,
    IN,
    NOT_IN,
    STARTS_WITH,
    NOT_STARTS_WITH;

    /** The operation that is true exactly when this one is false (for predicates). */
    public Operation negate() {
      switch (this) {
        case TRUE:
          return FALSE;
        case FALSE:
          return TRUE;
        case IS_NULL:
          return NOT_NULL;
        case NOT_NULL:
          return IS_NULL;
        case LT:
          return GT_EQ;
        case LT_EQ:
          return GT;
        case GT:
          return LT_EQ;
        case GT_EQ:
          return LT;
        case EQ:
          return NOT_EQ;
        case NOT_EQ:
          return EQ;
        case IN:
          return NOT_IN;
        case NOT_IN:
          return IN;
        case STARTS_WITH:
          return NOT_STARTS_WITH;
        case NOT_STARTS_WITH:
          return STARTS_WITH;
        default:
          throw new IllegalStateException(this + " is not a predicate");
      }
    }
  }

  static final Expression ALWAYS_TRUE = new Expression(Operation.TRUE, null, List.of(), List.of());
  static final Expression ALWAYS_FALSE =
      new Expression(Operation.FALSE, null, List.of(), List.of());

  private final Operation op;
  private final String column;
  private final List<Object> literals;
  private final List<Expression> children;

  Expression(Operation op, String column, List<Object> literals, List<Expression> children) {
    this.op = op;
    this.column = column;
    this.literals = literals;
    this.children = children;
  }

  /** What this node does. */
  public Operation op() {
    return op;
  }

  /** The column a predicate tests; null for TRUE, FALSE, AND, OR and NOT. */
  public String column() {
    return column;
  }

  /** The literals of a predicate as given (one for comparisons, any number for in/notIn). */
  public List<Object> literals() {
    return literals;
  }

  /** The operands of AND and OR (two or more) and NOT (one); empty for predicates. */
  public List<Expression> children() {
    return children;
  }

  /** True for a predicate on a column (not TRUE/FALSE/AND/OR/NOT). */
  public boolean isPredicate() {
    return column != null;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Expression)) {
      return false;
    }
    Expression e = (Expression) o;
    return op == e.op
        && Objects.equals(column, e.column)
        && literalsEqual(literals, e.literals)
        && children.equals(e.children);
  }

  private static boolean literalsEqual(List<Object> a, List<Object> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Objects.deepEquals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Objects.hash(op, column, children, literals.size());
  }

  @Override
  public String toString() {
    switch (op) {
      case TRUE:
        return "true";
      case FALSE:
        return "false";
      case AND:
      case OR:
        String sep = op == Operation.AND ? " and " : " or ";
        return children.stream().map(c -> "(" + c + ")").collect(Collectors.joining(sep));
      case NOT:
        return "not(" + children.get(0) + ")";
      case IS_NULL:
        return column + " is null";
      case NOT_NULL:
        return column + " is not null";
      case LT:
        return column + " < " + show(literals.get(0));
      case LT_EQ:
        return column + " <= " + show(literals.get(0));
      case GT:
        return column + " > " + show(literals.get(0));
      case GT_EQ:
        return column + " >= " + show(literals.get(0));
      case EQ:
        return column + " == " + show(literals.get(0));
      case NOT_EQ:
        return column + " != " + show(literals.get(0));
      case IN:
      case NOT_IN:
        return column + (op == Operation.IN ? " in (" : " not in (")
            + literals.stream().map(Expression::show).collect(Collectors.joining(", ")) + ")";
      case STARTS_WITH:
        return column + " startsWith " + show(literals.get(0));
      case NOT_STARTS_WITH:
        return column + " notStartsWith " + show(literals.get(0));
      default:
        return op.name();
    }
  }

  private static String show(Object v) {
    if (v instanceof CharSequence) {
      return "\"" + v + "\"";
    }
    if (v instanceof byte[]) {
      return "0x" + hex((byte[]) v);
    }
    if (v instanceof java.nio.ByteBuffer) {
      java.nio.ByteBuffer b = ((java.nio.ByteBuffer) v).duplicate();
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return "0x" + hex(out);
    }
    return String.valueOf(v);
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder(b.length * 2);
    for (byte x : b) {
      sb.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
    }
    return sb.toString();
  }

  static List<Object> copyLiterals(Object... values) {
    return List.copyOf(Arrays.asList(values));
  }
}

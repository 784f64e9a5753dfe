package io.datashard.internal.read;

import io.datashard.Schema;
import io.datashard.expressions.Expression;
import io.datashard.expressions.Expression.Operation;
import io.datashard.internal.data.RecordConverter;
import io.datashard.types.Field;
import io.datashard.types.PrimitiveType;
import io.datashard.types.TypeId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * A filter bound to a schema and to the columns of a read: columns resolved to fields and read
 * positions, literals converted to {@link Kind} form, and every NOT pushed down to the predicates
 * (SQL's three-valued logic survives this: a negated predicate is still unknown, i.e. false, for
 * a null value, and NaN is handled by each predicate's {@code nanMatches}). What is left is a
 * tree of AND, OR, TRUE, FALSE and predicates that are simply true or false for every row.
 */
public abstract class BoundFilter {
  BoundFilter() {}

  /** The names of the columns an expression refers to, in first-use order. */
  public static Set<String> columns(Expression e) {
    Set<String> out = new LinkedHashSet<>();
    collect(e, out);
    return out;
  }

  private static void collect(Expression e, Set<String> out) {
    if (e.isPredicate()) {
      out.add(e.column());
    }
    for (Expression c : e.children()) {
      collect(c, out);
    }
  }

  /**
   * Binds an expression.
   *
   * @param schema the table schema the column names refer to
   * @param readFields the columns the read decodes; must include every column of the filter
   * @throws IllegalArgumentException naming the column for an unknown column or a literal of the
   *     wrong type
   */
  public static BoundFilter bind(Expression e, Schema schema, List<Field> readFields) {
    return bind(e, false, schema, readFields);
  }

  /** Checks a filter against a schema without binding it to a read. */
  public static void validate(Expression e, Schema schema) {
    List<Field> fields = new ArrayList<>();
    for (String name : columns(e)) {
      Field f = schema.findField(name);
      if (f != null) {
        fields.add(f);
      }
    }
    bind(e, schema, fields);
  }

  private static BoundFilter bind(Expression e, boolean negate, Schema schema, List<Field> read) {
    switch (e.op()) {
      case TRUE:
        return negate ? Constant.FALSE : Constant.TRUE;
      case FALSE:
        return negate ? Constant.TRUE : Constant.FALSE;
      case NOT:
        return bind(e.children().get(0), !negate, schema, read);
      case AND:
      case OR:
        boolean and = (e.op() == Operation.AND) != negate; // De Morgan
        List<BoundFilter> kids = new ArrayList<>();
        for (Expression c : e.children()) {
          kids.add(bind(c, negate, schema, read));
        }
        return new Junction(and, kids.toArray(new BoundFilter[0]));
      default:
        return predicate(e, negate, schema, read);
    }
  }

  private static BoundFilter predicate(Expression e, boolean negate, Schema schema,
      List<Field> read) {
    Field field = schema.findField(e.column());
    if (field == null) {
      throw new IllegalArgumentException(
          "Filter " + e + " names unknown column '" + e.column() + "': the table's columns are "
              + schema.columnNames());
    }
    PrimitiveType type = (PrimitiveType) field.type();
    Operation op = e.op();
    if ((op == Operation.STARTS_WITH || op == Operation.NOT_STARTS_WITH)
        && type.typeId() != TypeId.STRING) {
      throw new IllegalArgumentException(
          "Filter " + e + ": startsWith needs a string column, but '" + field.name() + "' is "
              + type);
    }
    Kind kind = Kind.of(type);
    Object[] literals = new Object[e.literals().size()];
    for (int i = 0; i < literals.length; i++) {
      literals[i] = Kind.fromInternal(type, RecordConverter.literal(field, e.literals().get(i)));
    }
    if (op == Operation.IN || op == Operation.NOT_IN) {
      Arrays.sort(literals, kind::compare); // binary search at evaluation
    }
    int slot = -1;
    for (int i = 0; i < read.size(); i++) {
      if (read.get(i).id() == field.id()) {
        slot = i;
      }
    }
    if (slot < 0) {
      throw new IllegalStateException("Column '" + field.name() + "' is not among the read columns");
    }
    // Without negation, a NaN value makes every comparison false except != and not in; the
    // negation of a predicate is true exactly where the predicate is false, NaN included.
    boolean nanMatches = op == Operation.NOT_EQ || op == Operation.NOT_IN;
    if (negate) {
      op = op.negate();
      nanMatches = !nanMatches;
    }
    return new Predicate(field, slot, kind, op, nanMatches, literals);
  }

  /** Writes, for each of the first {@code rows} rows, whether it passes. */
  public abstract void evaluate(ColumnData[] columns, int rows, boolean[] out);

  /**
   * False only if no row described by the stats can pass.
   *
   * @param statsById the stats of a column by field id ({@link ColumnStats#UNKNOWN} if none)
   */
  public abstract boolean mightMatch(IntFunction<ColumnStats> statsById);

  /** True if this filter passes every row without looking at it. */
  public boolean isAlwaysTrue() {
    return this == Constant.TRUE;
  }

  /** TRUE or FALSE. */
  static final class Constant extends BoundFilter {
    static final Constant TRUE = new Constant(true);
    static final Constant FALSE = new Constant(false);
    private final boolean value;

    private Constant(boolean value) {
      this.value = value;
    }

    @Override
    public void evaluate(ColumnData[] columns, int rows, boolean[] out) {
      Arrays.fill(out, 0, rows, value);
    }

    @Override
    public boolean mightMatch(IntFunction<ColumnStats> statsById) {
      return value;
    }
  }

  /** AND or OR of two or more filters. */
  static final class Junction extends BoundFilter {
    private final boolean and;
    private final BoundFilter[] children;

    Junction(boolean and, BoundFilter[] children) {
      this.and = and;
      this.children = children;
    }

    @Override
    public void evaluate(ColumnData[] columns, int rows, boolean[] out) {
      children[0].evaluate(columns, rows, out);
      boolean[] tmp = new boolean[rows];
      for (int c = 1; c < children.length; c++) {
        children[c].evaluate(columns, rows, tmp);
        for (int i = 0; i < rows; i++) {
          out[i] = and ? out[i] & tmp[i] : out[i] | tmp[i];
        }
      }
    }

    @Override
    public boolean mightMatch(IntFunction<ColumnStats> statsById) {
      for (BoundFilter c : children) {
        boolean m = c.mightMatch(statsById);
        if (and && !m) {
          return false;
        }
        if (!and && m) {
          return true;
        }
      }
      return and;
    }
  }
}

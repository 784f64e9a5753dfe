package io.datashard.internal.table;

import io.datashard.exceptions.InvalidTableNameException;
import java.util.regex.Pattern;

/**
 * Table names are '/'-separated paths of simple segments, relative to the warehouse root. They
 * are checked before any I/O so that a name can never reach outside the warehouse (no {@code ..},
 * no absolute paths, no empty segments) nor produce surprising keys.
 */
public final class TableNames {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.=-]{0,254}");

  private TableNames() {}

  /**
   * Returns the name unchanged if valid.
   *
   * @throws InvalidTableNameException saying which rule the name breaks
   */
  public static String validate(String name) {
    if (name == null || name.isEmpty()) {
      throw invalid(String.valueOf(name), "it is empty");
    }
    if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
      throw invalid(name, "it is an absolute path; names are relative to the warehouse root");
    }
    if (name.contains("\\")) {
      throw invalid(name, "it contains a backslash; separate levels with '/'");
    }
    if (name.endsWith("/")) {
      throw invalid(name, "it ends with '/'");
    }
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty()) {
        throw invalid(name, "it has an empty segment ('//')");
      }
      if (segment.equals("..") || segment.equals(".")) {
        throw invalid(name, "it contains '" + segment + "'; a name cannot leave the warehouse");
      }
      if (!SEGMENT.matcher(segment).matches()) {
        throw invalid(name, "segment '" + segment + "' must start with a letter, digit or '_' and"
            + " contain only letters, digits and _ . = - (at most 255 characters)");
      }
    }
    return name;
  }

  private static InvalidTableNameException invalid(String name, String why) {
    return new InvalidTableNameException("Invalid table name '" + name + "': " + why);
  }
}

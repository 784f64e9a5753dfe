package io.datashard.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code name=value} arguments of the benchmark mains, each with a default; an unknown name
 * or a malformed value fails with a message naming it and the accepted names.
 */
final class Args {
  private final Map<String, String> values = new HashMap<>();
  private final Map<String, String> defaults;

  private Args(Map<String, String> defaults) {
    this.defaults = defaults;
  }

  /** Parses {@code args} against {@code defaults} (name to default value). */
  static Args parse(String[] args, Map<String, String> defaults) {
    Args a = new Args(defaults);
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      if (eq < 0 || !defaults.containsKey(name)) {
        throw new IllegalArgumentException("argument '" + arg + "' is not name=value with a "
            + "name among " + new java.util.TreeSet<>(defaults.keySet()));
      }
      a.values.put(name, arg.substring(eq + 1));
    }
    return a;
  }

  String string(String name) {
    return values.getOrDefault(name, defaults.get(name));
  }

  int integer(String name) {
    try {
      return Integer.parseInt(string(name));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "=" + string(name) + " is not a whole number", e);
    }
  }

  List<String> list(String name) {
    return Arrays.asList(string(name).split(","));
  }

  /** The arguments in effect, for the report's header. */
  String describe() {
    StringBuilder b = new StringBuilder();
    new java.util.TreeSet<>(defaults.keySet()).forEach(n -> b.append(n).append('=')
        .append(string(n)).append(' '));
    return b.toString().trim();
  }
}

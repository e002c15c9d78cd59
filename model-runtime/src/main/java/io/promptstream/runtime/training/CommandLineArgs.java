package io.promptstream.runtime.training;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} and {@code --flag} arguments of the training commands. Unknown names are
 * refused with the list of known ones, so a typo never silently falls back to a default.
 */
public final class CommandLineArgs {

  private final Map<String, String> values = new LinkedHashMap<>();

  private CommandLineArgs() {}

  /**
   * Parses arguments.
   *
   * @param args the arguments
   * @param withValue names that take a value
   * @param flags names that take none
   * @throws IllegalArgumentException for an unknown name or a missing value
   */
  public static CommandLineArgs parse(String[] args, Set<String> withValue, Set<String> flags) {
    CommandLineArgs parsed = new CommandLineArgs();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + a + "'");
      }
      String name = a.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name) && value == null) {
        parsed.values.put(name, "true");
      } else if (withValue.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--" + name + " needs a value");
          }
          value = args[++i];
        }
        parsed.values.put(name, value);
      } else {
        throw new IllegalArgumentException(
            "unknown option --" + name + "; known: " + withValue + " and flags " + flags);
      }
    }
    return parsed;
  }

  /** Whether a name was given. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** A string value, or the fallback. */
  public String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** An integer value, or the fallback. */
  public int getInt(String name, int fallback) {
    String v = values.get(name);
    try {
      return v == null ? fallback : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer, got '" + v + "'", e);
    }
  }

  /** A long value, or the fallback. */
  public long getLong(String name, long fallback) {
    String v = values.get(name);
    try {
      return v == null ? fallback : Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer, got '" + v + "'", e);
    }
  }

  /** A double value, or the fallback. */
  public double getDouble(String name, double fallback) {
    String v = values.get(name);
    try {
      return v == null ? fallback : Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, got '" + v + "'", e);
    }
  }

  /** A float value, or the fallback. */
  public float getFloat(String name, float fallback) {
    String v = values.get(name);
    try {
      return v == null ? fallback : Float.parseFloat(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, got '" + v + "'", e);
    }
  }
}

package io.promptstream.adapters.internal;

import java.util.regex.Pattern;

/**
 * Names that become one path segment (a target LLM, a version, a file in an artifact). A safe
 * segment starts with a letter or digit, so it is never {@code .}, {@code ..} or a hidden name the
 * store uses for its own bookkeeping, and holds only letters, digits, {@code .}, {@code _} and
 * {@code -}, so it cannot contain a separator on any platform.
 */
public final class PathSegments {

  /** Longest accepted segment. */
  public static final int MAX_LENGTH = 128;

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private PathSegments() {}

  /** Whether a value is a safe segment. */
  public static boolean isSafe(String value) {
    return value != null && value.length() <= MAX_LENGTH && SAFE.matcher(value).matches();
  }

  /**
   * Returns the value if it is a safe segment.
   *
   * @param value the value
   * @param parameter the parameter's name, used in the message
   * @throws IllegalArgumentException naming the parameter when the value is not safe
   */
  public static String requireSafe(String value, String parameter) {
    if (!isSafe(value)) {
      throw new IllegalArgumentException(
          parameter
              + " must be 1 to "
              + MAX_LENGTH
              + " characters of [A-Za-z0-9._-] starting with a letter or digit, but was "
              + (value == null ? "null" : "'" + value + "'"));
    }
    return value;
  }
}

package dev.slipway.check;

import java.util.Locale;

/** How a reported version is compared with the expected one. */
public final class Versions {
  /** The shortest commit prefix accepted as naming a commit. */
  public static final int MIN_PREFIX = 7;

  private Versions() {}

  /**
   * Whether the reported version names the expected commit: both are commit ids or prefixes, the
   * shorter at least seven characters, and one starts with the other. Case does not matter.
   */
  public static boolean matches(String expected, String reported) {
    if (expected == null || reported == null) {
      return false;
    }
    String left = expected.trim().toLowerCase(Locale.ROOT);
    String right = reported.trim().toLowerCase(Locale.ROOT);
    if (Math.min(left.length(), right.length()) < MIN_PREFIX) {
      return left.equals(right) && !left.isEmpty();
    }
    return left.startsWith(right) || right.startsWith(left);
  }
}

package dev.slipway.evidence;

import static java.util.Objects.requireNonNull;

import dev.slipway.error.SlipwayException;
import java.util.regex.Pattern;

/** The name of a test suite as teams call it: {@code smoke}, {@code e2e}, {@code load}. */
public record SuiteName(String value) implements Comparable<SuiteName> {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][-A-Za-z0-9_.]{0,99}");

  public SuiteName {
    requireNonNull(value, "value is null");
    if (!NAME.matcher(value).matches()) {
      throw SlipwayException.invalid(
          "suite",
          "suite name '%s' must be 1 to 100 letters, digits, '-', '_' or '.', starting with a"
              + " letter or digit",
          value);
    }
  }

  public static SuiteName of(String value) {
    return new SuiteName(value);
  }

  @Override
  public int compareTo(SuiteName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

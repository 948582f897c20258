package dev.slipway.environment;

import static java.util.Objects.requireNonNull;

import dev.slipway.error.SlipwayException;
import java.util.regex.Pattern;

/** The name of an environment: a DNS label such as {@code staging} or {@code pr-1234}. */
public record EnvironmentName(String value) implements Comparable<EnvironmentName> {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public EnvironmentName {
    requireNonNull(value, "value is null");
    if (!LABEL.matcher(value).matches()) {
      throw SlipwayException.invalid(
          "environment",
          "environment name '%s' is not a DNS label (lower-case letters, digits and '-', at most"
              + " 63)",
          value);
    }
  }

  public static EnvironmentName of(String value) {
    return new EnvironmentName(value);
  }

  @Override
  public int compareTo(EnvironmentName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

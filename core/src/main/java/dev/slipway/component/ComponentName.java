package dev.slipway.component;

import static java.util.Objects.requireNonNull;

import dev.slipway.error.SlipwayException;
import java.util.regex.Pattern;

/** The name of a component: a DNS label such as {@code api} or {@code heartbeat-lambda}. */
public record ComponentName(String value) implements Comparable<ComponentName> {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public ComponentName {
    requireNonNull(value, "value is null");
    if (!LABEL.matcher(value).matches()) {
      throw SlipwayException.invalid(
          "component",
          "component name '%s' is not a DNS label (lower-case letters, digits and '-', at most 63)",
          value);
    }
  }

  public static ComponentName of(String value) {
    return new ComponentName(value);
  }

  @Override
  public int compareTo(ComponentName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

package dev.slipway.api;

import dev.slipway.error.SlipwayException;
import io.javalin.http.Context;
import java.util.Optional;

/** Path and query parameters read with errors that name them. */
final class Parameters {
  private Parameters() {}

  static long pathId(Context context, String name) {
    String text = context.pathParam(name);
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw SlipwayException.invalid(name, "'%s' is not a number", text);
    }
  }

  static int limit(Context context, int defaultLimit, int maxLimit) {
    return Math.min(longQuery(context, "limit").map(Long::intValue).orElse(defaultLimit), maxLimit);
  }

  static Optional<Long> longQuery(Context context, String name) {
    String text = context.queryParam(name);
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      long value = Long.parseLong(text.trim());
      if (value < 0) {
        throw SlipwayException.invalid(name, "'%s' must not be negative", name);
      }
      return Optional.of(value);
    } catch (NumberFormatException e) {
      throw SlipwayException.invalid(name, "'%s' is not a number: %s", name, text);
    }
  }

  static Optional<String> query(Context context, String name) {
    String text = context.queryParam(name);
    return text == null || text.isBlank() ? Optional.empty() : Optional.of(text.trim());
  }
}

package dev.slipway.error;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.FormatMethod;
import com.google.errorprone.annotations.FormatString;
import java.util.Optional;

/**
 * A failure with a category. A terminal error is one that must not be retried: the engine stops the
 * work that raised it instead of trying again.
 */
public class SlipwayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCategory category;
  private final boolean terminal;
  private final String field;

  public SlipwayException(
      ErrorCategory category, String message, String field, boolean terminal, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.category = requireNonNull(category, "category is null");
    this.field = field;
    this.terminal = terminal;
  }

  public ErrorCategory category() {
    return category;
  }

  /** True when retrying the same operation cannot succeed. */
  public boolean isTerminal() {
    return terminal;
  }

  /** The input field at fault, for {@link ErrorCategory#USER} errors that concern one field. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }

  @FormatMethod
  public static SlipwayException invalid(
      String field, @FormatString String format, Object... args) {
    return new SlipwayException(ErrorCategory.USER, String.format(format, args), field, true, null);
  }

  @FormatMethod
  public static SlipwayException notFound(String format, Object... args) {
    return new SlipwayException(
        ErrorCategory.NOT_FOUND, String.format(format, args), null, true, null);
  }

  @FormatMethod
  public static SlipwayException conflict(String format, Object... args) {
    return new SlipwayException(
        ErrorCategory.CONFLICT, String.format(format, args), null, true, null);
  }

  @FormatMethod
  public static SlipwayException unauthenticated(String format, Object... args) {
    return new SlipwayException(
        ErrorCategory.UNAUTHENTICATED, String.format(format, args), null, true, null);
  }

  @FormatMethod
  public static SlipwayException forbidden(String format, Object... args) {
    return new SlipwayException(
        ErrorCategory.FORBIDDEN, String.format(format, args), null, true, null);
  }

  /** An outside system failed in a way that may pass: the engine may try again. */
  public static SlipwayException external(String message, Throwable cause) {
    return new SlipwayException(ErrorCategory.EXTERNAL, message, null, false, cause);
  }

  /** An outside system refused in a way that retrying will not change. */
  public static SlipwayException externalTerminal(String message, Throwable cause) {
    return new SlipwayException(ErrorCategory.EXTERNAL, message, null, true, cause);
  }

  public static SlipwayException internal(String message, Throwable cause) {
    return new SlipwayException(ErrorCategory.INTERNAL, message, null, false, cause);
  }
}

package dev.slipway.error;

/** What kind of failure an error is; decides the HTTP status and the CLI exit code. */
public enum ErrorCategory {
  /** The input is wrong (a field, a reference, a value out of range); the caller can fix it. */
  USER(422, 2),
  /** The thing asked for does not exist. */
  NOT_FOUND(404, 3),
  /** The current state does not allow it: a lock, a running promotion, a conflicting value. */
  CONFLICT(409, 4),
  /** No valid credentials were presented. */
  UNAUTHENTICATED(401, 5),
  /** The caller is known but may not do this. */
  FORBIDDEN(403, 5),
  /** A system outside Slipway said no or could not be reached: git, an HTTP endpoint. */
  EXTERNAL(502, 6),
  /** Something broke inside Slipway. */
  INTERNAL(500, 1);

  private final int httpStatus;
  private final int exitCode;

  ErrorCategory(int httpStatus, int exitCode) {
    this.httpStatus = httpStatus;
    this.exitCode = exitCode;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public int exitCode() {
    return exitCode;
  }

  /** The category an HTTP status stands for, used by clients reading problem responses. */
  public static ErrorCategory fromHttpStatus(int status) {
    for (ErrorCategory category : values()) {
      if (category.httpStatus == status) {
        return category;
      }
    }
    if (status == 400) {
      return USER;
    }
    return status >= 500 ? INTERNAL : USER;
  }
}

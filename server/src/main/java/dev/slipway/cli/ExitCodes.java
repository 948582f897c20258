package dev.slipway.cli;

import dev.slipway.error.ErrorCategory;

/**
 * The exit codes of {@code slipway}, documented in {@code docs/cli.md}. Errors use their category's
 * code ({@link ErrorCategory#exitCode()}); these are the others.
 */
final class ExitCodes {
  /** It worked. */
  static final int OK = 0;

  /** The server could not be reached. */
  static final int UNREACHABLE = 7;

  /**
   * The command ran, and what it reports is bad: a promotion waited for ended other than succeeded,
   * the audit record is not intact.
   */
  static final int NOT_GOOD = 8;

  private ExitCodes() {}

  static int of(ErrorCategory category) {
    return category.exitCode();
  }
}

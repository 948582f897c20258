package dev.slipway.quickstart;

import java.io.PrintWriter;

/**
 * Runs a {@code slipway} command line in this process, as a user would type it in another terminal;
 * the quickstart shows the output of the real commands this way.
 */
@FunctionalInterface
public interface CliRunner {
  /** Runs the command line and returns its exit code. */
  int run(PrintWriter out, PrintWriter err, String... args);
}

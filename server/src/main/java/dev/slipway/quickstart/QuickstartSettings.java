package dev.slipway.quickstart;

import static java.util.Objects.requireNonNull;

import dev.slipway.error.SlipwayException;
import java.nio.file.Path;

/**
 * What a quickstart is made from.
 *
 * @param directory the folder holding the repositories, the configuration, the data and the token
 * @param fresh whether to wipe an earlier quickstart in that folder instead of carrying on from it
 * @param port the loopback port of the API; 0 picks a free one
 * @param fleetPort the loopback port of the simulated fleet; 0 picks a free one
 * @param program how a user starts Slipway here ({@code ./slipway}), for the commands it suggests
 * @param timings how fast everything moves
 */
public record QuickstartSettings(
    Path directory,
    boolean fresh,
    int port,
    int fleetPort,
    String program,
    QuickstartTimings timings) {
  public QuickstartSettings {
    requireNonNull(directory, "directory is null");
    requireNonNull(program, "program is null");
    requireNonNull(timings, "timings is null");
    checkPort(port, "--port");
    checkPort(fleetPort, "--fleet-port");
    if (program.isBlank()) {
      throw new IllegalArgumentException("program is blank");
    }
  }

  private static void checkPort(int port, String field) {
    if (port < 0 || port > 65535) {
      throw SlipwayException.invalid(field, "%s %d is not between 0 and 65535", field, port);
    }
  }
}

package dev.slipway.fleet;

import static java.util.Objects.requireNonNull;

import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One simulated service: a component in an environment, the version it runs, and the version it is
 * rolling out to since it noticed its source of truth changed.
 */
final class FleetService {
  /** A version noticed in the source of truth and not running yet. */
  record Rollout(String version, Instant noticedAt, Instant switchesAt) {
    Rollout {
      requireNonNull(version, "version is null");
      requireNonNull(noticedAt, "noticedAt is null");
      requireNonNull(switchesAt, "switchesAt is null");
    }
  }

  /** What the service runs and is rolling out to, at one moment. */
  record State(Optional<String> running, Optional<Rollout> rollout) {
    State {
      requireNonNull(running, "running is null");
      requireNonNull(rollout, "rollout is null");
    }
  }

  private final EnvironmentName environment;
  private final ComponentName component;
  private final Supplier<Optional<String>> desiredVersion;
  private State state = new State(Optional.empty(), Optional.empty());

  FleetService(
      EnvironmentName environment,
      ComponentName component,
      Supplier<Optional<String>> desiredVersion) {
    this.environment = requireNonNull(environment, "environment is null");
    this.component = requireNonNull(component, "component is null");
    this.desiredVersion = requireNonNull(desiredVersion, "desiredVersion is null");
  }

  EnvironmentName environment() {
    return environment;
  }

  ComponentName component() {
    return component;
  }

  /** Asks the source of truth; blank counts as naming nothing. */
  Optional<String> readDesiredVersion() {
    Optional<String> desired =
        requireNonNull(desiredVersion.get(), "the desired-version supplier returned null");
    return desired.map(String::trim).filter(version -> !version.isEmpty());
  }

  synchronized State state() {
    return state;
  }

  /**
   * Takes note of what the source of truth names at {@code now}, and switches when a rollout is
   * due. A version that changes again mid-rollout restarts the rollout with the newer one; a source
   * that names nothing leaves the running version alone, as taking a line out of a manifest does
   * not stop the pods.
   *
   * @return the version switched to, if this call switched
   */
  synchronized Optional<String> observe(Optional<String> desired, Instant now, Duration delay) {
    if (desired.isEmpty() || desired.equals(state.running())) {
      state = new State(state.running(), Optional.empty());
      return Optional.empty();
    }
    String version = desired.get();
    Rollout rollout =
        state
            .rollout()
            .filter(current -> current.version().equals(version))
            .orElseGet(() -> new Rollout(version, now, now.plus(delay)));
    if (now.isBefore(rollout.switchesAt())) {
      state = new State(state.running(), Optional.of(rollout));
      return Optional.empty();
    }
    state = new State(Optional.of(version), Optional.empty());
    return Optional.of(version);
  }
}

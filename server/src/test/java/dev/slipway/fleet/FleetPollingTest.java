package dev.slipway.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The poll loop on real time, as the quickstart runs it: no one calls refresh(). */
final class FleetPollingTest {
  private static final EnvironmentName STAGING = EnvironmentName.of("staging");
  private static final ComponentName API = ComponentName.of("api");

  @Test
  void followsTheManifestOnItsOwnAndNotBeforeTheRolloutDelay() throws InterruptedException {
    Duration delay = Duration.ofMillis(300);
    try (Fleet fleet =
        Fleet.start(
            FleetSettings.defaults()
                .withPollInterval(Duration.ofMillis(20))
                .withRolloutDelay(delay))) {
      AtomicReference<String> manifest = new AtomicReference<>();
      fleet.register(STAGING, API, () -> Optional.ofNullable(manifest.get()));

      long written = System.nanoTime();
      manifest.set("f3d0498");
      Optional<String> running = Optional.empty();
      long deadline = written + Duration.ofSeconds(20).toNanos();
      while (running.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
        running = fleet.findRunningVersion(STAGING, API);
      }
      Duration took = Duration.ofNanos(System.nanoTime() - written);

      assertThat(running).contains("f3d0498");
      assertThat(took).isGreaterThanOrEqualTo(delay);
    }
  }

  @Test
  void closeReturnsOnlyOnceAPollReadingTheManifestHasStopped() throws InterruptedException {
    CountDownLatch reading = new CountDownLatch(1);
    AtomicBoolean stillReading = new AtomicBoolean();
    Fleet fleet = Fleet.start(FleetSettings.defaults().withPollInterval(Duration.ofMillis(20)));
    fleet.register(
        STAGING,
        API,
        () -> {
          stillReading.set(true);
          reading.countDown();
          boolean interrupted = false;
          try {
            // A slow read of the manifests, which close() interrupts.
            Thread.sleep(Duration.ofMinutes(1).toMillis());
          } catch (InterruptedException e) {
            interrupted = true;
          }
          try {
            // Winding down takes longer than stopping the fleet's HTTP server.
            Thread.sleep(2000);
          } catch (InterruptedException e) {
            interrupted = true;
          }
          stillReading.set(false);
          if (interrupted) {
            Thread.currentThread().interrupt();
          }
          return Optional.empty();
        });
    assertThat(reading.await(20, TimeUnit.SECONDS)).isTrue();

    fleet.close();

    assertThat(stillReading).isFalse();
  }
}

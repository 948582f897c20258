package dev.slipway.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** A clock tests move by hand, so nothing waits for real time to pass. */
public final class TestingClock extends Clock {
  private final ZoneId zone;
  private volatile Instant now;

  public TestingClock() {
    this(Instant.parse("2026-03-02T14:00:00Z"), ZoneOffset.UTC);
  }

  public TestingClock(Instant start, ZoneId zone) {
    this.now = start.truncatedTo(ChronoUnit.MILLIS);
    this.zone = zone;
  }

  public void advance(Duration duration) {
    now = now.plus(duration);
  }

  public void set(Instant instant) {
    now = instant.truncatedTo(ChronoUnit.MILLIS);
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new TestingClock(now, zone);
  }

  @Override
  public Instant instant() {
    return now;
  }
}

package dev.slipway.build;

import static java.util.Objects.requireNonNull;

import dev.slipway.audit.AuditLog;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.error.SlipwayException;
import dev.slipway.identity.Actor;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Registers builds and finds them. Registration is idempotent: the same component and commit with
 * the same image returns the build already registered; a different image for the same commit is
 * refused, since a commit names exactly one artifact.
 */
public final class BuildRegistry {
  private final Jdbi jdbi;
  private final BuildRepository repository;
  private final SlipwayConfig config;
  private final AuditLog audit;
  private final Clock clock;
  private final List<BuildListener> listeners;

  public BuildRegistry(
      Jdbi jdbi, SlipwayConfig config, AuditLog audit, Clock clock, List<BuildListener> listeners) {
    this.jdbi = requireNonNull(jdbi, "jdbi is null");
    this.repository = new BuildRepository(jdbi);
    this.config = requireNonNull(config, "config is null");
    this.audit = requireNonNull(audit, "audit is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.listeners = List.copyOf(requireNonNull(listeners, "listeners is null"));
  }

  /** The outcome of a registration: the build, and whether this call created it. */
  public record Registered(Build build, boolean created) {}

  public Registered register(BuildRegistration registration, Actor actor) {
    requireNonNull(registration, "registration is null");
    config.getComponent(registration.component());
    Optional<Build> existing =
        repository.findBuild(registration.component(), registration.commit());
    if (existing.isPresent()) {
      return new Registered(sameOrConflict(existing.get(), registration), false);
    }
    try {
      return new Registered(
          jdbi.inTransaction(handle -> insert(handle, registration, actor)), true);
    } catch (UnableToExecuteStatementException e) {
      // Another request registered the same commit between our lookup and insert.
      Build raced =
          repository
              .findBuild(registration.component(), registration.commit())
              .orElseThrow(() -> e);
      return new Registered(sameOrConflict(raced, registration), false);
    }
  }

  private Build insert(Handle handle, BuildRegistration registration, Actor actor) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    long id =
        handle
            .createUpdate(
                "INSERT INTO builds (component, commit_sha, version_label, image, ci_url,"
                    + " registered_at, registered_by_name, registered_by_email) VALUES"
                    + " (:component, :commit, :version, :image, :url, :at, :name, :email)")
            .bind("component", registration.component().value())
            .bind("commit", registration.commit().value())
            .bind("version", registration.versionOrDefault())
            .bind("image", registration.image().orElse(null))
            .bind("url", registration.ciUrl().orElse(null))
            .bind("at", now)
            .bind("name", actor.name())
            .bind("email", actor.email().orElse(null))
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    Build build =
        new Build(
            id,
            registration.component(),
            registration.commit(),
            registration.versionOrDefault(),
            registration.image(),
            registration.ciUrl(),
            now,
            actor);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("version", build.version());
    build.image().ifPresent(image -> details.put("image", image));
    build.ciUrl().ifPresent(url -> details.put("ciUrl", url));
    audit.append(handle, actor, "build.registered", "build:" + build.ref(), details);
    for (BuildListener listener : listeners) {
      listener.registered(handle, build, actor);
    }
    return build;
  }

  private static Build sameOrConflict(Build existing, BuildRegistration registration) {
    if (!existing.image().equals(registration.image())) {
      throw SlipwayException.conflict(
          "build %s is already registered with image %s; the same commit cannot be registered"
              + " with image %s",
          existing.ref(), existing.image().orElse("(none)"), registration.image().orElse("(none)"));
    }
    return existing;
  }
}

package dev.slipway.release;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.FormatMethod;
import com.google.errorprone.annotations.FormatString;
import dev.slipway.audit.AuditLog;
import dev.slipway.build.Build;
import dev.slipway.config.EnvironmentConfig;
import dev.slipway.config.PromotionPolicy;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.environment.EnvironmentRepository;
import dev.slipway.environment.RunningBuild;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.identity.Actor;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionListener;
import dev.slipway.promotion.PromotionOrigin;
import dev.slipway.promotion.PromotionPhase;
import dev.slipway.promotion.PromotionRepository;
import dev.slipway.promotion.PromotionRequests;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Cuts releases and promotes them. A cut takes the builds the source environment verified (running
 * there, their promotion succeeded), for every component the target deploys, leaving out builds
 * rejected in the target. An environment without a release train keeps an open release that follows
 * its upstream; one with a train gets a release when the train leaves. The newest cut supersedes
 * the open release of the environment and withdraws its waiting promotion; an environment with the
 * automatic policy gets a promotion of every new cut, which then waits on the environment's gates.
 */
public final class Releases implements PromotionListener {
  private final ReleaseRepository releases;
  private final PromotionRepository promotions;
  private final PromotionRequests requests;
  private final EnvironmentRepository environments;
  private final SlipwayConfig config;
  private final AuditLog audit;
  private final Clock clock;

  public Releases(
      ReleaseRepository releases,
      PromotionRepository promotions,
      PromotionRequests requests,
      EnvironmentRepository environments,
      SlipwayConfig config,
      AuditLog audit,
      Clock clock) {
    this.releases = requireNonNull(releases, "releases is null");
    this.promotions = requireNonNull(promotions, "promotions is null");
    this.requests = requireNonNull(requests, "requests is null");
    this.environments = requireNonNull(environments, "environments is null");
    this.config = requireNonNull(config, "config is null");
    this.audit = requireNonNull(audit, "audit is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  public ReleaseRepository repository() {
    return releases;
  }

  /**
   * Cuts a release by hand for an environment from its upstream.
   *
   * @param from the source environment, when the caller names it: it must be the upstream
   * @throws SlipwayException a conflict saying why when there is nothing new to release
   */
  public Release cut(EnvironmentName target, Optional<EnvironmentName> from, Actor actor) {
    requireNonNull(actor, "actor is null");
    EnvironmentName source = sourceOf(target);
    if (from.isPresent() && !from.get().equals(source)) {
      throw SlipwayException.invalid(
          "from",
          "releases for %s are cut from its upstream %s, not from %s",
          target,
          source,
          from.get());
    }
    long id =
        releases
            .jdbi()
            .inTransaction(
                handle ->
                    cut(handle, target, source, actor, ReleaseOrigin.MANUAL)
                        .orElseThrow(IllegalStateException::new));
    return releases.getRelease(id);
  }

  /**
   * Cuts the environment's next release if its upstream verified anything the open release lacks,
   * as a train does; empty when there was nothing new.
   */
  public Optional<Release> cutIfChanged(EnvironmentName target, ReleaseOrigin origin) {
    Optional<Long> id = releases.jdbi().inTransaction(handle -> cutQuietly(handle, target, origin));
    return id.map(releases::getRelease);
  }

  /** Promotes an open release to its environment by hand. */
  public Promotion promote(long id, Actor actor, Optional<String> reason) {
    long promotion =
        releases
            .jdbi()
            .inTransaction(
                handle -> {
                  Release release = releases.getRelease(handle, id);
                  if (release.state() != ReleaseState.OPEN) {
                    throw SlipwayException.conflict(
                        "release %d is %s; only an open release can be promoted",
                        id, release.state().name().toLowerCase(Locale.ROOT));
                  }
                  Optional<Promotion> unfinished = findUnfinishedPromotion(handle, id);
                  if (unfinished.isPresent()) {
                    throw SlipwayException.conflict(
                        "release %d is already being promoted by promotion %d (%s)",
                        id,
                        unfinished.get().id(),
                        unfinished.get().phase().name().toLowerCase(Locale.ROOT));
                  }
                  List<Build> changed = changedBuilds(handle, release);
                  if (changed.isEmpty()) {
                    throw SlipwayException.conflict(
                        "%s already runs every build of release %d (%s)",
                        release.environment(), id, release.describeBuilds());
                  }
                  return requests.insertRelease(
                      handle,
                      release.environment(),
                      changed,
                      id,
                      actor,
                      Optional.of(reason.orElse("release " + id)),
                      PromotionOrigin.MANUAL);
                });
    return promotions.getPromotion(promotion);
  }

  /** The release's newest promotion that has not ended, if any. */
  public Optional<Promotion> findUnfinishedPromotion(Handle handle, long release) {
    return promotions.listForRelease(handle, release).stream()
        .filter(promotion -> !promotion.phase().isTerminal())
        .findFirst();
  }

  /** The promotions of a release, newest first. */
  public List<Promotion> listPromotions(long release) {
    return releases.jdbi().withHandle(handle -> promotions.listForRelease(handle, release));
  }

  /**
   * A promotion succeeded: the release it carried has shipped, and every environment downstream
   * that takes releases cuts its next one from what is verified now.
   */
  @Override
  public void succeeded(Handle handle, Promotion promotion) {
    if (promotion.release().isPresent()
        && releases.markShipped(handle, promotion.release().get(), now())) {
      audit.append(
          handle,
          Actor.SLIPWAY,
          "release.shipped",
          "release:" + promotion.release().get(),
          Map.of("environment", promotion.environment().value(), "promotion", promotion.id()));
    }
    if (promotion.release().isPresent() && followsUpstream(promotion.environment())) {
      // Builds verified upstream while this release was deploying were not cut then.
      cutQuietly(handle, promotion.environment(), ReleaseOrigin.AUTOMATIC);
    }
    for (EnvironmentConfig downstream : config.downstreamOf(promotion.environment())) {
      if (followsUpstream(downstream.name())) {
        cutQuietly(handle, downstream.name(), ReleaseOrigin.AUTOMATIC);
      }
    }
  }

  /**
   * True when the environment's open release follows its upstream as builds are verified there; an
   * environment with a release train gets its releases when the train leaves (or by hand) instead.
   */
  private boolean followsUpstream(EnvironmentName environment) {
    var settings = config.releases().environments().get(environment);
    return settings != null && settings.train().isEmpty();
  }

  /** Cuts when there is something new; otherwise does nothing. */
  private Optional<Long> cutQuietly(Handle handle, EnvironmentName target, ReleaseOrigin origin) {
    try {
      return cut(handle, target, sourceOf(target), Actor.SLIPWAY, origin);
    } catch (NothingToCut e) {
      return Optional.empty();
    }
  }

  private Optional<Long> cut(
      Handle handle,
      EnvironmentName target,
      EnvironmentName source,
      Actor actor,
      ReleaseOrigin origin) {
    EnvironmentConfig targetConfig = config.getEnvironment(target);
    List<Build> verified =
        releases.listVerified(handle, source).stream()
            .filter(build -> targetConfig.findDeployment(build.component()).isPresent())
            .filter(build -> !environments.isRejected(handle, target, build))
            .toList();
    if (verified.isEmpty()) {
      throw new NothingToCut(
          "nothing to release to %s: %s has verified no build of a component %s deploys",
          target, source, target);
    }
    Optional<Release> open = releases.findOpen(handle, target);
    if (open.isPresent() && sameBuilds(open.get().builds(), verified)) {
      throw new NothingToCut(
          "release %d for %s already holds every build %s verified (%s)",
          open.get().id(), target, source, open.get().describeBuilds());
    }
    if (open.isPresent()) {
      Optional<Promotion> unfinished = findUnfinishedPromotion(handle, open.get().id());
      if (unfinished.isPresent() && unfinished.get().phase().isActive()) {
        throw new NothingToCut(
            "release %d is being deployed to %s by promotion %d; cut again once it has finished",
            open.get().id(), target, unfinished.get().id());
      }
    }
    List<Build> changed = changed(handle, target, verified);
    if (changed.isEmpty()) {
      throw new NothingToCut(
          "%s already runs every build %s verified (%s)", target, source, describe(verified));
    }
    Instant now = now();
    long id = releases.insert(handle, target, source, origin, actor, verified, now);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("environment", target.value());
    details.put("source", source.value());
    details.put("origin", origin.name());
    details.put("builds", verified.stream().map(build -> build.ref().toString()).toList());
    open.ifPresent(previous -> details.put("supersedes", previous.id()));
    audit.append(handle, actor, "release.cut", "release:" + id, details);
    if (open.isPresent()) {
      supersede(handle, open.get(), id, now);
    }
    if (targetConfig.policy() == PromotionPolicy.AUTOMATIC) {
      requests.insertRelease(
          handle,
          target,
          changed,
          id,
          Actor.SLIPWAY,
          Optional.of("release " + id + " cut from " + source),
          PromotionOrigin.AUTOMATIC);
    }
    return Optional.of(id);
  }

  private void supersede(Handle handle, Release old, long by, Instant now) {
    if (!releases.markSuperseded(handle, old.id(), by, now)) {
      return;
    }
    audit.append(
        handle,
        Actor.SLIPWAY,
        "release.superseded",
        old.subject(),
        Map.of("environment", old.environment().value(), "supersededBy", by));
    for (Promotion promotion : promotions.listForRelease(handle, old.id())) {
      if (promotion.phase() == PromotionPhase.PENDING) {
        requests.withdraw(
            handle,
            promotion,
            Actor.SLIPWAY,
            "release " + old.id() + " was superseded by release " + by);
      }
    }
  }

  private List<Build> changedBuilds(Handle handle, Release release) {
    return changed(handle, release.environment(), release.builds());
  }

  /** The builds whose commit is not what runs in the environment. */
  private List<Build> changed(Handle handle, EnvironmentName environment, List<Build> builds) {
    return builds.stream()
        .filter(
            build ->
                environments
                    .findRunning(handle, environment, build.component())
                    .map(RunningBuild::version)
                    .filter(build.commit().value()::equals)
                    .isEmpty())
        .toList();
  }

  private static boolean sameBuilds(List<Build> left, List<Build> right) {
    return left.stream()
        .map(Build::id)
        .collect(Collectors.toSet())
        .equals(right.stream().map(Build::id).collect(Collectors.toSet()));
  }

  private static String describe(List<Build> builds) {
    return builds.stream().map(Build::shortName).collect(Collectors.joining(", "));
  }

  private EnvironmentName sourceOf(EnvironmentName target) {
    return config
        .getEnvironment(target)
        .upstream()
        .orElseThrow(
            () ->
                SlipwayException.invalid(
                    "environment",
                    "environment '%s' takes its builds from CI; releases are cut for environments"
                        + " with an upstream",
                    target));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** Nothing new to cut: a conflict for a person who asked, silence for an automatic cut. */
  private static final class NothingToCut extends SlipwayException {
    private static final long serialVersionUID = 1L;

    @FormatMethod
    NothingToCut(@FormatString String format, Object... args) {
      super(ErrorCategory.CONFLICT, String.format(format, args), null, false, null);
    }
  }
}

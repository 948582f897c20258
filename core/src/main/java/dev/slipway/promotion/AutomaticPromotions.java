package dev.slipway.promotion;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.Build;
import dev.slipway.build.BuildListener;
import dev.slipway.config.EnvironmentConfig;
import dev.slipway.config.PromotionPolicy;
import dev.slipway.config.SlipwayConfig;
import dev.slipway.environment.EnvironmentRepository;
import dev.slipway.identity.Actor;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The automatic policy: a registered build goes to every automatic environment that takes builds
 * from CI, and a build verified in an environment goes on to every automatic environment downstream
 * of it. A build rejected in an environment never goes there this way again. An environment that
 * takes releases gets none of this: its promotions carry releases.
 */
public final class AutomaticPromotions implements BuildListener {
  private final SlipwayConfig config;
  private final EnvironmentRepository environments;
  private final PromotionRequests requests;

  public AutomaticPromotions(
      SlipwayConfig config, EnvironmentRepository environments, PromotionRequests requests) {
    this.config = requireNonNull(config, "config is null");
    this.environments = requireNonNull(environments, "environments is null");
    this.requests = requireNonNull(requests, "requests is null");
  }

  @Override
  public void registered(Handle handle, Build build, Actor actor) {
    for (EnvironmentConfig environment : config.entryEnvironments()) {
      request(handle, environment, List.of(build), actor, "build registered");
    }
  }

  /** Called inside the transaction that marks a deploy promotion succeeded. */
  void verified(Handle handle, Promotion promotion) {
    List<Build> verified =
        promotion.builds().stream().flatMap(build -> build.build().stream()).toList();
    for (EnvironmentConfig downstream : config.downstreamOf(promotion.environment())) {
      request(
          handle,
          downstream,
          verified,
          Actor.SLIPWAY,
          "verified in " + promotion.environment() + " by promotion " + promotion.id());
    }
  }

  private void request(
      Handle handle,
      EnvironmentConfig environment,
      List<Build> candidates,
      Actor actor,
      String reason) {
    if (environment.policy() != PromotionPolicy.AUTOMATIC
        || config.releases().takesReleases(environment.name())) {
      return;
    }
    List<Build> eligible =
        candidates.stream()
            .filter(build -> environment.findDeployment(build.component()).isPresent())
            .filter(build -> !environments.isRejected(handle, environment.name(), build))
            .toList();
    if (!eligible.isEmpty()) {
      requests.insert(
          handle,
          environment.name(),
          eligible,
          actor,
          Optional.of(reason),
          PromotionOrigin.AUTOMATIC);
    }
  }
}

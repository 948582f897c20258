package dev.slipway.api;

import dev.slipway.Slipway;
import dev.slipway.build.BuildRef;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.SlipwayException;
import dev.slipway.identity.Actor;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionGate;
import dev.slipway.promotion.PromotionPhase;
import dev.slipway.release.Release;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Asking for promotions and rollbacks, cancelling them, and reading their history. */
final class PromotionRoutes {
  private final Slipway slipway;

  PromotionRoutes(Slipway slipway) {
    this.slipway = slipway;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/promotions", this::promote);
    routes.get("/api/v1/promotions", this::list);
    routes.get("/api/v1/promotions/{id}", this::get);
    routes.post("/api/v1/promotions/{id}/cancel", this::cancel);
    routes.post("/api/v1/environments/{environment}/rollback", this::rollback);
    routes.get("/api/v1/rejections", this::rejections);
  }

  private void promote(Context context) {
    RequestBody body =
        RequestBody.read(
            context, Set.of("environment", "builds", "release", "reason", "overrideFreeze"));
    EnvironmentName environment = EnvironmentName.of(body.requireText("environment"));
    boolean overrideFreeze = body.optionalFlag("overrideFreeze");
    Optional<Long> release = body.optionalPositiveLong("release");
    if (release.isPresent()) {
      if (body.has("builds")) {
        throw SlipwayException.invalid("builds", "name builds or a release, not both");
      }
      promoteRelease(context, environment, release.get(), body, overrideFreeze);
      return;
    }
    List<String> entries = body.requireTextList("builds");
    List<BuildRef> builds = new ArrayList<>();
    for (int index = 0; index < entries.size(); index++) {
      builds.add(parseBuild(entries.get(index), "builds[" + index + "]"));
    }
    Actor actor = Authentication.actor(context);
    if (overrideFreeze) {
      // Refused before anything is stored, so a refused override leaves no promotion behind.
      slipway.freezes().checkOverride(environment, actor, body.optionalText("reason"));
    }
    Promotion promotion =
        slipway
            .engine()
            .requests()
            .promote(environment, builds, actor, body.optionalText("reason"));
    if (overrideFreeze) {
      slipway.freezes().override(promotion.id(), actor, body.optionalText("reason"));
    }
    context.status(202).json(view(slipway.engine().promotions().getPromotion(promotion.id())));
  }

  private void promoteRelease(
      Context context,
      EnvironmentName environment,
      long id,
      RequestBody body,
      boolean overrideFreeze) {
    Release release = slipway.releases().repository().getRelease(id);
    if (!release.environment().equals(environment)) {
      throw SlipwayException.invalid(
          "release", "release %d goes to %s, not to %s", id, release.environment(), environment);
    }
    Actor actor = Authentication.actor(context);
    if (overrideFreeze) {
      slipway.freezes().checkOverride(environment, actor, body.optionalText("reason"));
    }
    Promotion promotion = slipway.releases().promote(id, actor, body.optionalText("reason"));
    if (overrideFreeze) {
      slipway.freezes().override(promotion.id(), actor, body.optionalText("reason"));
    }
    context.status(202).json(view(slipway.engine().promotions().getPromotion(promotion.id())));
  }

  /** Reads one entry of {@code builds}, naming the entry at fault when it is not a build. */
  private static BuildRef parseBuild(String text, String field) {
    try {
      return BuildRef.parse(text);
    } catch (SlipwayException e) {
      throw new SlipwayException(e.category(), e.getMessage(), field, e.isTerminal(), e);
    }
  }

  private void rollback(Context context) {
    RequestBody body = RequestBody.read(context, Set.of("reason"));
    Promotion promotion =
        slipway
            .engine()
            .requests()
            .rollback(
                EnvironmentName.of(context.pathParam("environment")),
                Authentication.actor(context),
                body.optionalText("reason"));
    context.status(202).json(view(promotion));
  }

  private void cancel(Context context) {
    RequestBody body = RequestBody.read(context, Set.of("reason"));
    Promotion promotion =
        slipway
            .engine()
            .requests()
            .cancel(
                Parameters.pathId(context, "id"),
                Authentication.actor(context),
                body.optionalText("reason"));
    context.json(view(promotion));
  }

  private void list(Context context) {
    List<Promotion> promotions =
        slipway
            .engine()
            .promotions()
            .listPromotions(environmentQuery(context), Parameters.limit(context, 20, 500));
    Map<Long, List<PromotionGate>> gates =
        slipway
            .engine()
            .gateDecisions()
            .listGates(
                promotions.stream()
                    .filter(promotion -> promotion.phase() == PromotionPhase.PENDING)
                    .map(Promotion::id)
                    .toList());
    context.json(
        promotions.stream()
            .map(promotion -> Views.PromotionView.of(promotion, gates.get(promotion.id()), null))
            .toList());
  }

  private void get(Context context) {
    context.json(
        view(slipway.engine().promotions().getPromotion(Parameters.pathId(context, "id"))));
  }

  private void rejections(Context context) {
    context.json(
        slipway.environments().listRejections(environmentQuery(context)).stream()
            .map(Views.RejectionView::of)
            .toList());
  }

  /**
   * The {@code environment} query parameter, which must name a configured environment: a typing
   * mistake would otherwise read as an environment with no history.
   */
  private Optional<EnvironmentName> environmentQuery(Context context) {
    Optional<EnvironmentName> environment =
        Parameters.query(context, "environment").map(EnvironmentName::of);
    environment.ifPresent(slipway.config()::getEnvironment);
    return environment;
  }

  private Views.PromotionView view(Promotion promotion) {
    return Views.PromotionView.of(
        promotion,
        slipway.engine().gateDecisions().listGates(promotion.id()),
        slipway.engine().promotions().listSteps(promotion.id()));
  }
}

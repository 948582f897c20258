package dev.slipway.api;

import dev.slipway.Slipway;
import dev.slipway.build.BuildRef;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.SlipwayException;
import dev.slipway.promotion.Promotion;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
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
    RequestBody body = RequestBody.read(context, Set.of("environment", "builds", "reason"));
    EnvironmentName environment = EnvironmentName.of(body.requireText("environment"));
    List<String> entries = body.requireTextList("builds");
    List<BuildRef> builds = new ArrayList<>();
    for (int index = 0; index < entries.size(); index++) {
      builds.add(parseBuild(entries.get(index), "builds[" + index + "]"));
    }
    Promotion promotion =
        slipway
            .engine()
            .requests()
            .promote(
                environment, builds, Authentication.actor(context), body.optionalText("reason"));
    context.status(202).json(view(promotion));
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
    context.json(
        slipway
            .engine()
            .promotions()
            .listPromotions(environmentQuery(context), Parameters.limit(context, 20, 500))
            .stream()
            .map(promotion -> Views.PromotionView.of(promotion, null))
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
        promotion, slipway.engine().promotions().listSteps(promotion.id()));
  }
}

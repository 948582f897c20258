package dev.slipway.api;

import dev.slipway.Slipway;
import dev.slipway.environment.EnvironmentName;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Set;

/** Approving promotions, declaring and lifting freezes, and letting a promotion through one. */
final class GateRoutes {
  private final Slipway slipway;

  GateRoutes(Slipway slipway) {
    this.slipway = slipway;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/promotions/{id}/approvals", this::approve);
    routes.get("/api/v1/promotions/{id}/approvals", this::approvals);
    routes.post("/api/v1/promotions/{id}/freeze-override", this::override);
    routes.post("/api/v1/environments/{environment}/freeze", this::declare);
    routes.post("/api/v1/environments/{environment}/freeze/lift", this::lift);
    routes.get("/api/v1/freezes", this::freezes);
  }

  private void approve(Context context) {
    RequestBody body = RequestBody.read(context, Set.of("reason"));
    context
        .status(201)
        .json(
            Views.ApprovalView.of(
                slipway
                    .approvals()
                    .approve(
                        Parameters.pathId(context, "id"),
                        Authentication.actor(context),
                        body.optionalText("reason"))));
  }

  private void approvals(Context context) {
    context.json(
        slipway.approvals().listApprovals(Parameters.pathId(context, "id")).stream()
            .map(Views.ApprovalView::of)
            .toList());
  }

  private void override(Context context) {
    RequestBody body = RequestBody.read(context, Set.of("reason"));
    context
        .status(201)
        .json(
            Views.OverrideView.of(
                slipway
                    .freezes()
                    .override(
                        Parameters.pathId(context, "id"),
                        Authentication.actor(context),
                        body.optionalText("reason"))));
  }

  private void declare(Context context) {
    RequestBody body = RequestBody.read(context, Set.of("reason"));
    context
        .status(201)
        .json(
            Views.FreezeView.of(
                slipway
                    .freezes()
                    .declare(
                        EnvironmentName.of(context.pathParam("environment")),
                        Authentication.actor(context),
                        body.requireText("reason"))));
  }

  private void lift(Context context) {
    RequestBody body = RequestBody.read(context, Set.of("reason"));
    context.json(
        Views.FreezeView.of(
            slipway
                .freezes()
                .lift(
                    EnvironmentName.of(context.pathParam("environment")),
                    Authentication.actor(context),
                    body.optionalText("reason"))));
  }

  private void freezes(Context context) {
    context.json(
        slipway
            .freezes()
            .repository()
            .listFreezes(
                Parameters.query(context, "environment").map(EnvironmentName::of),
                Parameters.limit(context, 20, 500))
            .stream()
            .map(Views.FreezeView::of)
            .toList());
  }
}

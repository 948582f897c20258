package dev.slipway.api;

import dev.slipway.Slipway;
import dev.slipway.build.BuildRef;
import dev.slipway.build.BuildRegistration;
import dev.slipway.build.BuildRegistry;
import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Set;

/** Registering builds (what CI calls) and reading them back. */
final class BuildRoutes {
  private final Slipway slipway;

  BuildRoutes(Slipway slipway) {
    this.slipway = slipway;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/builds", this::registerBuild);
    routes.get("/api/v1/builds", this::list);
    routes.get("/api/v1/builds/{component}/{commit}", this::get);
  }

  private void registerBuild(Context context) {
    RequestBody body =
        RequestBody.read(context, Set.of("component", "commit", "version", "image", "url"));
    BuildRegistration registration =
        new BuildRegistration(
            ComponentName.of(body.requireText("component")),
            CommitSha.of(body.requireText("commit")),
            body.optionalText("version"),
            body.optionalText("image"),
            body.optionalText("url"));
    BuildRegistry.Registered registered =
        slipway.registry().register(registration, Authentication.actor(context));
    context
        .status(registered.created() ? 201 : 200)
        .json(
            new Views.RegisteredView(registered.created(), Views.BuildView.of(registered.build())));
  }

  private void list(Context context) {
    context.json(
        slipway
            .builds()
            .listBuilds(
                Parameters.query(context, "component").map(ComponentName::of),
                Parameters.limit(context, 50, 500))
            .stream()
            .map(Views.BuildView::of)
            .toList());
  }

  private void get(Context context) {
    BuildRef ref =
        new BuildRef(
            ComponentName.of(context.pathParam("component")),
            CommitSha.of(context.pathParam("commit")));
    context.json(Views.BuildView.of(slipway.builds().getBuild(ref)));
  }
}

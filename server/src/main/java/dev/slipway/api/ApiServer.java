package dev.slipway.api;

import static java.util.Objects.requireNonNull;

import dev.slipway.Slipway;
import dev.slipway.web.RunPages;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import java.util.Comparator;
import java.util.List;

/** The HTTP server of the API, on Javalin. */
public final class ApiServer implements AutoCloseable {
  private final Javalin javalin;

  private ApiServer(Javalin javalin) {
    this.javalin = javalin;
  }

  /**
   * Starts serving on a host and port (0 picks a free port).
   *
   * @param host the address to listen on, such as {@code 127.0.0.1} or {@code 0.0.0.0}
   */
  public static ApiServer start(Slipway slipway, String host, int port) {
    requireNonNull(slipway, "slipway is null");
    Authentication authentication = new Authentication(slipway.identities());
    DescriptionRoutes description = new DescriptionRoutes();
    BuildRoutes builds = new BuildRoutes(slipway);
    PromotionRoutes promotions = new PromotionRoutes(slipway);
    GateRoutes gates = new GateRoutes(slipway);
    RecordRoutes records = new RecordRoutes(slipway);
    ReleaseRoutes releases = new ReleaseRoutes(slipway);
    EvidenceRoutes evidence = new EvidenceRoutes(slipway);
    RunPages pages = new RunPages(slipway.evidence());
    Javalin javalin =
        Javalin.create(
            config -> {
              config.jsonMapper(new JavalinJackson(Json.mapper(), false));
              config.startup.showJavalinBanner = false;
              config.http.maxRequestSize = 10_000_000L;
              config.routes.before("/api/*", authentication::authenticate);
              config.routes.exception(Exception.class, Problems::handle);
              config.routes.error(404, "*", Problems::notFound);
              description.register(config.routes);
              builds.register(config.routes);
              promotions.register(config.routes);
              gates.register(config.routes);
              records.register(config.routes);
              releases.register(config.routes);
              evidence.register(config.routes);
              pages.register(config.routes);
            });
    javalin.start(host, port);
    return new ApiServer(javalin);
  }

  public int port() {
    return javalin.port();
  }

  /** An endpoint as Javalin routes it: a method and a path such as {@code /api/v1/{id}}. */
  record Route(String method, String path) {}

  /**
   * The API endpoints served, in path order, so a test can hold them against the OpenAPI
   * description. Filters such as the authentication before-handler are left out, and so are pages
   * for people, which are not part of the API.
   */
  List<Route> routes() {
    return javalin.unsafe.internalRouter.allHttpHandlers().stream()
        .map(parsed -> parsed.endpoint)
        .filter(endpoint -> endpoint.method.isHttpMethod())
        .filter(endpoint -> endpoint.path.startsWith("/api/"))
        .map(ApiServer::route)
        .sorted(Comparator.comparing(Route::path).thenComparing(Route::method))
        .toList();
  }

  private static Route route(Endpoint endpoint) {
    return new Route(endpoint.method.name(), endpoint.path);
  }

  @Override
  public void close() {
    javalin.stop();
  }
}

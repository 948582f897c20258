package dev.slipway.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.slipway.Slipway;
import dev.slipway.audit.AuditJsonLines;
import dev.slipway.identity.IssuedToken;
import dev.slipway.identity.TokenInfo;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionGate;
import dev.slipway.status.EnvironmentStatus;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Status, the audit record, and tokens: what the ops lead and auditors read. */
final class RecordRoutes {
  private final Slipway slipway;

  RecordRoutes(Slipway slipway) {
    this.slipway = slipway;
  }

  void register(RoutesConfig routes) {
    routes.get("/api/v1/status", this::status);
    routes.get("/api/v1/audit", this::audit);
    routes.get("/api/v1/audit/export", this::export);
    routes.get("/api/v1/audit/verify", this::verify);
    routes.get("/api/v1/me", this::me);
    routes.post("/api/v1/tokens", this::createToken);
    routes.get("/api/v1/tokens", this::listTokens);
    routes.delete("/api/v1/tokens/{id}", this::revokeToken);
  }

  /** The caller's own tokens, revoked ones included, never their secrets. */
  private void listTokens(Context context) {
    var user = Authentication.user(context);
    context.json(
        slipway.identities().listTokens(Optional.of(user.email())).stream()
            .map(TokenView::of)
            .toList());
  }

  /** Revokes one of the caller's own tokens, this one included. */
  private void revokeToken(Context context) {
    var user = Authentication.user(context);
    TokenInfo token =
        slipway
            .identities()
            .revokeToken(Parameters.pathId(context, "id"), user.actor(), Optional.of(user.email()));
    context.json(TokenView.of(token));
  }

  record TokenView(long id, String email, String label, Instant createdAt, Instant revokedAt) {
    static TokenView of(TokenInfo token) {
      return new TokenView(
          token.id(),
          token.email(),
          token.label(),
          token.createdAt(),
          token.revokedAt().orElse(null));
    }
  }

  private void status(Context context) {
    List<EnvironmentStatus> environments = slipway.status().environments();
    Map<Long, List<PromotionGate>> gates =
        slipway
            .engine()
            .gateDecisions()
            .listGates(
                environments.stream()
                    .flatMap(environment -> environment.pending().stream())
                    .map(Promotion::id)
                    .toList());
    context.json(
        new Views.StatusView(
            environments.stream()
                .map(environment -> Views.EnvironmentView.of(environment, gates))
                .toList()));
  }

  private void audit(Context context) {
    context.json(
        slipway
            .audit()
            .list(
                slipway.database().jdbi(),
                Parameters.longQuery(context, "after").orElse(0L),
                Parameters.limit(context, 100, 1000))
            .stream()
            .map(Views.AuditEventView::of)
            .toList());
  }

  /** Streams the whole record as JSON lines, never holding it all in memory. */
  private void export(Context context) {
    context.contentType("application/x-ndjson");
    OutputStream output = context.outputStream();
    slipway
        .audit()
        .forEach(
            slipway.database().jdbi(),
            event -> {
              try {
                output.write((AuditJsonLines.write(event) + "\n").getBytes(UTF_8));
              } catch (IOException e) {
                throw new UncheckedIOException("the client stopped reading the export", e);
              }
            });
  }

  private void verify(Context context) {
    context.json(Views.VerificationView.of(slipway.audit().verify(slipway.database().jdbi())));
  }

  private void me(Context context) {
    context.json(Views.ActorView.of(Authentication.actor(context)));
  }

  private void createToken(Context context) {
    RequestBody body = RequestBody.read(context, Set.of("label"));
    var user = Authentication.user(context);
    IssuedToken token =
        slipway
            .identities()
            .createToken(
                user.name(),
                user.email(),
                body.optionalText("label").orElse("api"),
                Optional.of(user.actor()));
    context
        .status(201)
        .json(
            Map.of(
                "id",
                token.id(),
                "label",
                token.label(),
                "token",
                token.secret(),
                "user",
                Views.ActorView.of(user.actor())));
  }
}

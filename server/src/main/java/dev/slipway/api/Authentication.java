package dev.slipway.api;

import dev.slipway.identity.Actor;
import dev.slipway.identity.Identities;
import dev.slipway.identity.User;
import io.javalin.http.Context;
import java.util.Set;

/**
 * Bearer-token authentication for every API endpoint but the few that describe the API itself. The
 * authenticated user is kept on the request and becomes the actor of what it changes.
 */
final class Authentication {
  private static final String USER = "slipway.user";
  static final Set<String> PUBLIC_PATHS =
      Set.of(
          "/api/v1/health",
          "/api/v1/openapi.json",
          "/api/v1/openapi.yaml",
          "/api/v1/config/schema");

  private final Identities identities;

  Authentication(Identities identities) {
    this.identities = identities;
  }

  void authenticate(Context context) {
    if (PUBLIC_PATHS.contains(context.path())) {
      return;
    }
    String header = context.header("Authorization");
    String token = null;
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = header.substring(7).trim();
    }
    context.attribute(USER, identities.authenticate(token));
  }

  static User user(Context context) {
    User user = context.attribute(USER);
    if (user == null) {
      throw new IllegalStateException("no authenticated user on " + context.path());
    }
    return user;
  }

  static Actor actor(Context context) {
    return user(context).actor();
  }
}

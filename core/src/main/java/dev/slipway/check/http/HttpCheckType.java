package dev.slipway.check.http;

import static java.util.Objects.requireNonNull;

import dev.slipway.check.Check;
import dev.slipway.check.CheckType;
import dev.slipway.config.PluginConfig;
import dev.slipway.config.PluginContext;

/**
 * The {@code http} check type. Its settings: {@code url} (required), {@code versionPointer}
 * (default {@code /commit_sha}), {@code interval} (default 10s), {@code timeout} (default 5s) and
 * {@code failureThreshold} (default 3).
 */
public final class HttpCheckType implements CheckType {
  public static final String NAME = "http";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Check create(PluginConfig config, PluginContext context) {
    requireNonNull(config, "config is null");
    requireNonNull(context, "context is null");
    return new HttpCheck(HttpCheckSettings.from(config));
  }
}

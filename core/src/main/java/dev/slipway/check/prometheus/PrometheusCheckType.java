package dev.slipway.check.prometheus;

import static java.util.Objects.requireNonNull;

import dev.slipway.check.Check;
import dev.slipway.check.CheckType;
import dev.slipway.config.PluginConfig;
import dev.slipway.config.PluginContext;
import java.nio.file.Path;

/**
 * The {@code prometheus} check type. Its settings: {@code url}, {@code query}, {@code comparison}
 * and {@code threshold} (required), {@code interval} (default 30s), {@code timeout} (default 10s),
 * {@code failureThreshold} (default 3), and {@code bearerTokenEnv} or {@code bearerTokenFile}.
 */
public final class PrometheusCheckType implements CheckType {
  public static final String NAME = "prometheus";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Check create(PluginConfig config, PluginContext context) {
    requireNonNull(config, "config is null");
    requireNonNull(context, "context is null");
    Path parent = context.config().source().toAbsolutePath().getParent();
    return new PrometheusCheck(
        PrometheusCheckSettings.from(
            config, parent == null ? Path.of("").toAbsolutePath() : parent),
        context.secrets());
  }
}

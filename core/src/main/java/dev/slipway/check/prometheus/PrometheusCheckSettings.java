package dev.slipway.check.prometheus;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.config.Durations;
import dev.slipway.config.PluginConfig;
import dev.slipway.error.SlipwayException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings of one {@code prometheus} check.
 *
 * @param url Prometheus' base URL, such as {@code http://prometheus.monitoring:9090}; the query
 *     goes to {@code <url>/api/v1/query}
 * @param query a PromQL instant query; {@code {commit}} and {@code {shortCommit}} are replaced by
 *     the expected version
 * @param comparison how each series' value must compare with the threshold
 * @param threshold the number compared with
 * @param interval how often the check runs
 * @param timeout how long one query may take
 * @param failureThreshold how many failures in a row during the bake fail the promotion
 * @param bearerTokenEnv the environment variable holding a bearer token, if one is sent
 * @param bearerTokenFile the file holding a bearer token, if one is sent
 */
public record PrometheusCheckSettings(
    URI url,
    String query,
    Comparison comparison,
    double threshold,
    Duration interval,
    Duration timeout,
    int failureThreshold,
    Optional<String> bearerTokenEnv,
    Optional<Path> bearerTokenFile) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_FAILURE_THRESHOLD = 3;

  private static final Set<String> KNOWN =
      Set.of(
          "type",
          "url",
          "query",
          "comparison",
          "threshold",
          "interval",
          "timeout",
          "failureThreshold",
          "bearerTokenEnv",
          "bearerTokenFile");

  public PrometheusCheckSettings {
    requireNonNull(url, "url is null");
    requireNonNull(query, "query is null");
    requireNonNull(comparison, "comparison is null");
    requireNonNull(interval, "interval is null");
    requireNonNull(timeout, "timeout is null");
    requireNonNull(bearerTokenEnv, "bearerTokenEnv is null");
    requireNonNull(bearerTokenFile, "bearerTokenFile is null");
    String scheme = Optional.ofNullable(url.getScheme()).orElse("").toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
      throw SlipwayException.invalid(
          "url",
          "'%s' is not an http or https URL of Prometheus such as http://prometheus:9090",
          url);
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      throw SlipwayException.invalid(
          "url",
          "'%s' must be Prometheus' base URL without a query; the query goes in 'query'",
          url);
    }
    if (query.isBlank()) {
      throw SlipwayException.invalid("query", "'query' is empty");
    }
    if (Double.isNaN(threshold) || Double.isInfinite(threshold)) {
      throw SlipwayException.invalid("threshold", "threshold must be a finite number");
    }
    if (interval.isNegative() || interval.isZero()) {
      throw SlipwayException.invalid(
          "interval", "interval must be longer than zero, not %s", Durations.format(interval));
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw SlipwayException.invalid(
          "timeout", "timeout must be longer than zero, not %s", Durations.format(timeout));
    }
    if (failureThreshold < 1) {
      throw SlipwayException.invalid(
          "failureThreshold", "failureThreshold must be at least 1, not %d", failureThreshold);
    }
    if (bearerTokenEnv.isPresent() && bearerTokenFile.isPresent()) {
      throw SlipwayException.invalid(
          "bearerTokenFile",
          "set bearerTokenEnv or bearerTokenFile, not both: the token must come from one place");
    }
  }

  /** The endpoint of instant queries: {@code <url>/api/v1/query}. */
  public URI queryEndpoint() {
    String base = url.toString();
    return URI.create((base.endsWith("/") ? base : base + "/") + "api/v1/query");
  }

  /**
   * Reads the settings of a check entry; an unknown key is an error.
   *
   * @param baseDirectory what a relative {@code bearerTokenFile} is relative to
   */
  public static PrometheusCheckSettings from(PluginConfig config, Path baseDirectory) {
    Set<String> unknown = new TreeSet<>();
    for (Iterator<String> names = config.settings().fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!KNOWN.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      Set<String> known = new TreeSet<>(KNOWN);
      known.remove("type");
      throw SlipwayException.invalid(
          unknown.iterator().next(),
          "unknown setting%s %s of a prometheus check; its settings are %s",
          unknown.size() == 1 ? "" : "s",
          unknown,
          known);
    }
    return new PrometheusCheckSettings(
        url(config.getText("url")),
        config.getText("query"),
        Comparison.of(config.getText("comparison")),
        threshold(config.settings().get("threshold")),
        config.findDuration("interval").orElse(DEFAULT_INTERVAL),
        config.findDuration("timeout").orElse(DEFAULT_TIMEOUT),
        failureThreshold(config.settings().get("failureThreshold")),
        config.findText("bearerTokenEnv"),
        config
            .findText("bearerTokenFile")
            .map(file -> baseDirectory.resolve(file).toAbsolutePath().normalize()));
  }

  private static URI url(String text) {
    try {
      return new URI(text.trim());
    } catch (URISyntaxException e) {
      throw SlipwayException.invalid(
          "url",
          "'%s' is not an http or https URL of Prometheus such as http://prometheus:9090",
          text);
    }
  }

  private static double threshold(JsonNode node) {
    if (node == null || node.isNull()) {
      throw SlipwayException.invalid(
          "threshold", "'threshold' is required: the number each series is compared with");
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    throw SlipwayException.invalid(
        "threshold", "threshold must be a number such as 0.01, not '%s'", node.asText());
  }

  private static int failureThreshold(JsonNode node) {
    if (node == null || node.isNull()) {
      return DEFAULT_FAILURE_THRESHOLD;
    }
    if (node.isIntegralNumber() && node.canConvertToInt()) {
      return node.intValue();
    }
    throw SlipwayException.invalid(
        "failureThreshold", "failureThreshold must be a whole number, not '%s'", node.asText());
  }
}

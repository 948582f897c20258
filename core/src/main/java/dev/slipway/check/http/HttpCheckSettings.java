package dev.slipway.check.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.config.Durations;
import dev.slipway.config.PluginConfig;
import dev.slipway.error.SlipwayException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings of one {@code http} check.
 *
 * @param url the status endpoint, http or https
 * @param versionPointer where the running version sits in the JSON answer
 * @param interval how often the check runs
 * @param timeout how long connecting may take, and then how long the answer may take; one run never
 *     takes more than twice as long
 * @param failureThreshold how many failures in a row during the bake fail the promotion
 */
public record HttpCheckSettings(
    URI url,
    JsonPointer versionPointer,
    Duration interval,
    Duration timeout,
    int failureThreshold) {
  public static final JsonPointer DEFAULT_VERSION_POINTER = JsonPointer.compile("/commit_sha");
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_FAILURE_THRESHOLD = 3;

  private static final Set<String> KNOWN =
      Set.of("type", "url", "versionPointer", "interval", "timeout", "failureThreshold");

  public HttpCheckSettings {
    requireNonNull(url, "url is null");
    requireNonNull(versionPointer, "versionPointer is null");
    requireNonNull(interval, "interval is null");
    requireNonNull(timeout, "timeout is null");
    String scheme = Optional.ofNullable(url.getScheme()).orElse("").toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
      throw SlipwayException.invalid(
          "url", "'%s' is not an http or https URL such as https://api.example/_status", url);
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
  }

  /** The settings for an endpoint, with every other setting at its default. */
  public static HttpCheckSettings of(URI url) {
    return new HttpCheckSettings(
        url, DEFAULT_VERSION_POINTER, DEFAULT_INTERVAL, DEFAULT_TIMEOUT, DEFAULT_FAILURE_THRESHOLD);
  }

  /**
   * Reads the settings of a check entry. A key it does not know is an error rather than ignored, so
   * that a misspelt {@code timout} does not silently leave the default in place.
   */
  public static HttpCheckSettings from(PluginConfig config) {
    Set<String> unknown = new TreeSet<>();
    for (Iterator<String> names = config.settings().fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!KNOWN.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      String first = unknown.iterator().next();
      throw SlipwayException.invalid(
          first,
          "unknown setting%s %s of an http check; its settings are %s",
          unknown.size() == 1 ? "" : "s",
          unknown,
          new TreeSet<>(KNOWN));
    }
    return new HttpCheckSettings(
        url(config.getText("url")),
        config
            .findText("versionPointer")
            .map(HttpCheckSettings::pointer)
            .orElse(DEFAULT_VERSION_POINTER),
        config.findDuration("interval").orElse(DEFAULT_INTERVAL),
        config.findDuration("timeout").orElse(DEFAULT_TIMEOUT),
        failureThreshold(config.settings().get("failureThreshold")));
  }

  private static URI url(String text) {
    try {
      return new URI(text.trim());
    } catch (URISyntaxException e) {
      throw SlipwayException.invalid(
          "url", "'%s' is not an http or https URL such as https://api.example/_status", text);
    }
  }

  private static JsonPointer pointer(String text) {
    try {
      return JsonPointer.compile(text);
    } catch (IllegalArgumentException e) {
      throw SlipwayException.invalid(
          "versionPointer",
          "'%s' is not a JSON pointer; write it as a path such as /commit_sha or /build/version",
          text);
    }
  }

  private static int failureThreshold(JsonNode node) {
    if (node == null || node.isNull()) {
      return DEFAULT_FAILURE_THRESHOLD;
    }
    if (node.isIntegralNumber() && node.canConvertToInt()) {
      return node.intValue();
    }
    if (node.isTextual() && node.textValue().trim().matches("-?\\d{1,9}")) {
      return Integer.parseInt(node.textValue().trim());
    }
    throw SlipwayException.invalid(
        "failureThreshold", "failureThreshold must be a whole number, not '%s'", node.asText());
  }
}

package dev.slipway.build;

import static java.util.Objects.requireNonNull;

import dev.slipway.component.ComponentName;
import dev.slipway.error.SlipwayException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * What CI says when it registers a build.
 *
 * @param component the component built
 * @param commit the commit built
 * @param version the label people call it by; defaults to the short commit
 * @param image the image reference or package CI produced
 * @param ciUrl the CI run that produced it
 */
public record BuildRegistration(
    ComponentName component,
    CommitSha commit,
    Optional<String> version,
    Optional<String> image,
    Optional<String> ciUrl) {
  public BuildRegistration {
    requireNonNull(component, "component is null");
    requireNonNull(commit, "commit is null");
    version =
        requireNonNull(version, "version is null").map(String::trim).filter(v -> !v.isEmpty());
    image = requireNonNull(image, "image is null").map(String::trim).filter(v -> !v.isEmpty());
    ciUrl = requireNonNull(ciUrl, "ciUrl is null").map(String::trim).filter(v -> !v.isEmpty());
    version.ifPresent(v -> requireLength(v, 200, "version"));
    image.ifPresent(v -> requireLength(v, 1000, "image"));
    ciUrl.ifPresent(BuildRegistration::requireHttpUrl);
  }

  public String versionOrDefault() {
    return version.orElse(commit.shortSha());
  }

  private static void requireLength(String value, int max, String field) {
    if (value.length() > max) {
      throw SlipwayException.invalid(field, "%s is longer than %d characters", field, max);
    }
  }

  private static void requireHttpUrl(String url) {
    requireLength(url, 2000, "url");
    try {
      URI uri = new URI(url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw SlipwayException.invalid("url", "CI run URL '%s' must be http or https", url);
      }
    } catch (URISyntaxException e) {
      throw SlipwayException.invalid("url", "CI run URL '%s' is not a URL: %s", url, e.getReason());
    }
  }
}

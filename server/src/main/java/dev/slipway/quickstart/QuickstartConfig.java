package dev.slipway.quickstart;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.slipway.api.Json;
import dev.slipway.component.ComponentName;
import dev.slipway.config.Durations;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.fleet.Fleet;
import java.util.Map;

/**
 * The quickstart's {@code slipway.yaml}: the local manifests repository, {@code api} and {@code
 * admin} with their local source repositories, staging automatic with a short bake time, production
 * manual, every app checked through its {@code /_status} in the simulated fleet.
 */
final class QuickstartConfig {
  private static final Map<String, String> DESCRIPTIONS =
      Map.of(
          "api", "Notify API (simulated); the celery workers run the same image",
          "admin", "Notify admin web site (simulated)");

  private QuickstartConfig() {}

  static String render(QuickstartFolder folder, Fleet fleet, QuickstartTimings timings) {
    StringBuilder yaml = new StringBuilder();
    yaml.append(
            "# Written by 'slipway quickstart' each time it starts, as the simulated fleet may\n")
        .append(
            "# listen on another port. Copy it as a starting point for your own slipway.yaml.\n")
        .append("\n")
        .append("repositories:\n")
        .append("  manifests:\n")
        .append("    url: ")
        .append(quoted(folder.manifests().toString()))
        .append('\n')
        .append("    branch: ")
        .append(ManifestsRepository.BRANCH)
        .append('\n')
        .append("    author:\n")
        .append("      name: Slipway\n")
        .append("      email: slipway@notify.example\n")
        .append("\n")
        .append("components:\n");
    for (String component : QuickstartFolder.COMPONENTS) {
      yaml.append("  ")
          .append(component)
          .append(":\n")
          .append("    repository: ")
          .append(quoted(folder.source(component).toString()))
          .append('\n')
          .append("    description: ")
          .append(quoted(DESCRIPTIONS.get(component)))
          .append('\n');
    }
    yaml.append("\nenvironments:\n");
    for (String environment : QuickstartFolder.ENVIRONMENTS) {
      boolean staging = environment.equals("staging");
      yaml.append(
              staging
                  ? "  # Every build CI registers is deployed here on its own.\n"
                  : "  # Builds come from staging, when someone promotes them.\n")
          .append("  ")
          .append(environment)
          .append(":\n");
      if (!staging) {
        yaml.append("    upstream: staging\n");
      }
      yaml.append("    policy: ")
          .append(staging ? "automatic" : "manual")
          .append('\n')
          .append("    bakeTime: ")
          .append(Durations.format(timings.bakeTime()))
          .append('\n')
          .append("    rolloutTimeout: ")
          .append(Durations.format(timings.rolloutTimeout()))
          .append('\n')
          .append("    components:\n");
      for (String component : QuickstartFolder.COMPONENTS) {
        yaml.append("      ")
            .append(component)
            .append(":\n")
            .append("        targets:\n")
            .append("          - type: git-file\n")
            .append("            repository: manifests\n")
            .append("            file: ")
            .append(QuickstartFolder.manifestsFile(environment))
            .append('\n')
            .append("            key: ")
            .append(QuickstartFolder.manifestsKey(component))
            .append('\n')
            .append("        checks:\n")
            .append("          - type: http\n")
            .append("            url: ")
            .append(fleet.url(EnvironmentName.of(environment), ComponentName.of(component)))
            .append('\n')
            .append("            interval: ")
            .append(Durations.format(timings.checkInterval()))
            .append('\n')
            .append("            timeout: ")
            .append(Durations.format(timings.checkTimeout()))
            .append('\n')
            .append("            failureThreshold: ")
            .append(timings.failureThreshold())
            .append('\n');
      }
    }
    return yaml.toString();
  }

  /** A YAML double-quoted scalar: JSON's string syntax is a subset of it. */
  private static String quoted(String text) {
    try {
      return Json.mapper().writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a string is always JSON", e);
    }
  }
}

package dev.slipway.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.error.SlipwayException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules a schema cannot express, checked once the file has the right shape: references between
 * environments and components resolve, upstreams form no cycle, and durations are positive.
 */
final class SemanticChecks {
  private static final FieldPath ENVIRONMENTS = FieldPath.ROOT.child("environments");
  private static final FieldPath REPOSITORIES = FieldPath.ROOT.child("repositories");

  private final YamlDocument document;
  private final ProblemList problems;
  private final JsonNode environments;
  private final Set<String> components;

  private SemanticChecks(YamlDocument document, ProblemList problems) {
    this.document = document;
    this.problems = problems;
    this.environments = document.root().path("environments");
    this.components = names(document.root().path("components"));
  }

  /** Checks a document that the schema accepted. */
  static void check(YamlDocument document, ProblemList problems) {
    SemanticChecks checks = new SemanticChecks(document, problems);
    checks.repositories();
    checks.upstreams();
    checks.upstreamCycles();
    checks.deployedComponents();
    checks.durations();
    checks.releases();
  }

  /**
   * Environments that take releases are cut from their upstream, so they need one; trains must
   * parse; bot rules must name configured components.
   */
  private void releases() {
    FieldPath section = FieldPath.ROOT.child("releases");
    JsonNode releases = document.root().path("releases");
    for (Map.Entry<String, JsonNode> entry : releases.path("environments").properties()) {
      FieldPath at = section.child("environments").child(entry.getKey());
      if (!environments.has(entry.getKey())) {
        problems.add(
            document.keyPosition(at),
            at,
            notConfigured("environment", entry.getKey(), names(environments), "environments"));
      } else if (upstreamOf(environments.path(entry.getKey())).isEmpty()) {
        problems.add(
            document.keyPosition(at),
            at,
            String.format(
                "environment '%s' has no upstream, so there is nothing to cut its releases from;"
                    + " give it an upstream or remove it here",
                entry.getKey()));
      }
      JsonNode train = entry.getValue().path("train");
      if (train.isObject()) {
        try {
          new ReleaseConfig.TrainConfig(train.path("cron").asText(), train.path("zone").asText());
        } catch (IllegalArgumentException e) {
          FieldPath field = at.child("train");
          problems.add(document.valuePosition(field), field, e.getMessage());
        }
      }
    }
    for (String key : List.of("delegateRole", "downgradeRole")) {
      JsonNode role = releases.get(key);
      if (role != null && !document.root().path("roles").has(role.asText())) {
        FieldPath at = section.child(key);
        problems.add(
            document.valuePosition(at),
            at,
            notConfigured("role", role.asText(), names(document.root().path("roles")), "roles"));
      }
    }
    for (String component : names(releases.path("bots"))) {
      FieldPath at = section.child("bots").child(component);
      if (!components.contains(component)) {
        problems.add(
            document.keyPosition(at),
            at,
            notConfigured("component", component, components, "components"));
      }
    }
  }

  private void repositories() {
    for (Map.Entry<String, JsonNode> repository :
        document.root().path("repositories").properties()) {
      if (repository.getValue().has("tokenEnv") && repository.getValue().has("tokenFile")) {
        FieldPath tokenFile = REPOSITORIES.child(repository.getKey()).child("tokenFile");
        problems.add(
            document.keyPosition(tokenFile),
            tokenFile,
            "set tokenEnv or tokenFile, not both: the token must come from one place");
      }
    }
  }

  private void upstreams() {
    Set<String> known = names(environments);
    for (Map.Entry<String, JsonNode> environment : environments.properties()) {
      Optional<String> upstream = upstreamOf(environment.getValue());
      if (upstream.isEmpty()) {
        continue;
      }
      FieldPath at = ENVIRONMENTS.child(environment.getKey()).child("upstream");
      if (upstream.get().equals(environment.getKey())) {
        problems.add(
            document.valuePosition(at),
            at,
            "an environment cannot be its own upstream; leave upstream out when builds come"
                + " straight from CI");
      } else if (!known.contains(upstream.get())) {
        problems.add(
            document.valuePosition(at),
            at,
            notConfigured("environment", upstream.get(), known, "environments"));
      }
    }
  }

  /**
   * Each environment has at most one upstream, so the upstream links form chains; a chain that
   * comes back to itself means no build could ever enter those environments.
   */
  private void upstreamCycles() {
    Set<String> reported = new HashSet<>();
    for (String start : names(environments)) {
      List<String> chain = new ArrayList<>();
      String current = start;
      while (current != null && !chain.contains(current) && !reported.contains(current)) {
        chain.add(current);
        current = upstreamOf(environments.path(current)).filter(environments::has).orElse(null);
      }
      if (current == null || reported.contains(current)) {
        continue;
      }
      List<String> cycle = new ArrayList<>(chain.subList(chain.indexOf(current), chain.size()));
      reported.addAll(cycle);
      if (cycle.size() == 1) {
        continue; // an environment that is its own upstream is reported on its own
      }
      String first =
          cycle.stream()
              .min(
                  Comparator.comparingInt(
                      (String name) ->
                          document
                              .valuePosition(ENVIRONMENTS.child(name).child("upstream"))
                              .line()))
              .orElseThrow();
      List<String> ordered = new ArrayList<>();
      for (String name = first; !ordered.contains(name); ) {
        ordered.add(name);
        name = upstreamOf(environments.path(name)).orElseThrow();
      }
      ordered.add(first);
      FieldPath at = ENVIRONMENTS.child(first).child("upstream");
      problems.add(
          document.valuePosition(at),
          at,
          "upstream cycle "
              + String.join(" -> ", ordered)
              + ": no build can enter these environments; one of them must take its builds from"
              + " CI (no upstream)");
    }
  }

  private void deployedComponents() {
    for (Map.Entry<String, JsonNode> environment : environments.properties()) {
      FieldPath deployments = ENVIRONMENTS.child(environment.getKey()).child("components");
      Optional<String> upstream =
          upstreamOf(environment.getValue())
              .filter(name -> !name.equals(environment.getKey()))
              .filter(environments::has);
      Set<String> upstreamDeploys =
          upstream.map(name -> names(environments.path(name).path("components"))).orElse(Set.of());
      for (String component : names(environment.getValue().path("components"))) {
        FieldPath at = deployments.child(component);
        if (!components.contains(component)) {
          problems.add(
              document.keyPosition(at),
              at,
              notConfigured("component", component, components, "components"));
        } else if (upstream.isPresent() && !upstreamDeploys.contains(component)) {
          problems.add(
              document.keyPosition(at),
              at,
              String.format(
                  "upstream environment '%s' does not deploy component '%s', so no build of it"
                      + " can arrive here; deploy it in '%s' too or remove it here",
                  upstream.get(), component, upstream.get()));
        }
      }
    }
  }

  private void durations() {
    for (Map.Entry<String, JsonNode> environment : environments.properties()) {
      for (String field : List.of("bakeTime", "rolloutTimeout")) {
        JsonNode value = environment.getValue().get(field);
        if (value == null) {
          continue;
        }
        FieldPath at = ENVIRONMENTS.child(environment.getKey()).child(field);
        try {
          Duration duration = Durations.parse(value.asText(), at.toString());
          if (duration.isZero() || duration.isNegative()) {
            problems.add(document.valuePosition(at), at, "must be longer than zero");
          }
        } catch (SlipwayException e) {
          problems.add(document.valuePosition(at), at, e.getMessage());
        }
      }
    }
    JsonNode retention = document.root().path("evidence").get("retention");
    if (retention != null) {
      FieldPath at = FieldPath.ROOT.child("evidence").child("retention");
      try {
        Duration duration = Durations.parse(retention.asText(), at.toString());
        if (duration.isZero() || duration.isNegative()) {
          problems.add(document.valuePosition(at), at, "must be longer than zero");
        }
      } catch (SlipwayException e) {
        problems.add(document.valuePosition(at), at, e.getMessage());
      }
    }
  }

  private static Optional<String> upstreamOf(JsonNode environment) {
    JsonNode upstream = environment.get("upstream");
    return upstream == null || !upstream.isTextual()
        ? Optional.empty()
        : Optional.of(upstream.asText());
  }

  private static Set<String> names(JsonNode mapping) {
    Set<String> names = new LinkedHashSet<>();
    mapping.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static String notConfigured(String kind, String name, Set<String> known, String section) {
    StringBuilder text =
        new StringBuilder(kind)
            .append(" '")
            .append(name)
            .append("' is not configured under ")
            .append(section);
    Suggestions.closest(name, known)
        .ifPresent(suggestion -> text.append(" (did you mean '").append(suggestion).append("'?)"));
    return text.append("; configured: ").append(String.join(", ", new TreeSet<>(known))).toString();
  }
}

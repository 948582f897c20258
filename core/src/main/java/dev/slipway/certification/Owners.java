package dev.slipway.certification;

import static java.util.Objects.requireNonNull;

import dev.slipway.change.ChangeCommit;
import dev.slipway.change.CommitIdentity;
import dev.slipway.component.ComponentName;
import dev.slipway.config.ReleaseConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the identities commits carry to owners. A person is known by one main email (their Slipway
 * user's); the other addresses of {@code releases.owners} lead to it, and GitHub's {@code
 * 12345+alice@users.noreply.github.com} counts as {@code alice@users.noreply.github.com}. A bot's
 * commit (an author named like {@code dependabot[bot]}) is owned by the component's team of {@code
 * releases.bots}.
 */
public final class Owners {
  private static final Pattern NUMBERED_NOREPLY =
      Pattern.compile("^[0-9]+\\+([^@]+@users\\.noreply\\.github\\.com)$");

  private final ReleaseConfig config;
  private final Map<String, String> mainEmails = new HashMap<>();

  public Owners(ReleaseConfig config) {
    this.config = requireNonNull(config, "config is null");
    for (Map.Entry<String, List<String>> entry : config.owners().entrySet()) {
      for (String alias : entry.getValue()) {
        mainEmails.put(normalize(alias), entry.getKey());
      }
    }
  }

  /** The main email of whoever uses an address: the address itself when it is no alias. */
  public String mainEmail(String email) {
    String normalized = normalize(email);
    return mainEmails.getOrDefault(normalized, normalized);
  }

  /** The owners of a commit in a component: its author and co-authors, each once. */
  public List<Owner> ownersOf(ComponentName component, ChangeCommit commit) {
    Map<String, Owner> owners = new LinkedHashMap<>();
    for (CommitIdentity identity : commit.owners()) {
      Owner owner = isBot(identity) ? team(component) : Owner.person(mainEmail(identity.email()));
      owners.putIfAbsent(owner.key(), owner);
    }
    return new ArrayList<>(owners.values());
  }

  /** The team that owns bots' commits in a component; without a rule, a team nobody is in. */
  public Owner team(ComponentName component) {
    return config
        .findBotRule(component)
        .map(
            rule ->
                new Owner(
                    "team:" + component,
                    component + " team (" + String.join(", ", rule.team()) + ")",
                    Set.copyOf(rule.team().stream().map(this::mainEmail).toList())))
        .orElseGet(
            () ->
                new Owner(
                    "team:" + component,
                    component + " team (none configured: set releases.bots." + component + ")",
                    Set.of()));
  }

  /** Bots sign as {@code name[bot]}, and GitHub gives them {@code ...[bot]@users.noreply...}. */
  static boolean isBot(CommitIdentity identity) {
    return identity.name().endsWith("[bot]") || identity.email().contains("[bot]@");
  }

  private static String normalize(String email) {
    String lower = email.trim().toLowerCase(Locale.ROOT);
    Matcher numbered = NUMBERED_NOREPLY.matcher(lower);
    return numbered.matches() ? numbered.group(1) : lower;
  }
}

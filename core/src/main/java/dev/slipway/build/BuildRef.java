package dev.slipway.build;

import static java.util.Objects.requireNonNull;

import dev.slipway.component.ComponentName;
import dev.slipway.error.SlipwayException;

/** A component and a commit, written {@code api@<full sha>}: how people name a build. */
public record BuildRef(ComponentName component, CommitSha commit) {
  public BuildRef {
    requireNonNull(component, "component is null");
    requireNonNull(commit, "commit is null");
  }

  /** Reads {@code component@sha}. */
  public static BuildRef parse(String text) {
    requireNonNull(text, "text is null");
    int at = text.indexOf('@');
    if (at <= 0 || at == text.length() - 1) {
      throw SlipwayException.invalid(
          "build", "build '%s' is not of the form component@<40-character commit>", text);
    }
    return new BuildRef(
        ComponentName.of(text.substring(0, at)), CommitSha.of(text.substring(at + 1)));
  }

  @Override
  public String toString() {
    return component + "@" + commit;
  }
}

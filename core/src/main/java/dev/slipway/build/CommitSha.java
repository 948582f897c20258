package dev.slipway.build;

import static java.util.Objects.requireNonNull;

import dev.slipway.error.SlipwayException;
import java.util.Locale;
import java.util.regex.Pattern;

/** A full git commit id: 40 hexadecimal characters, kept in lower case. */
public record CommitSha(String value) {
  private static final int FULL_LENGTH = 40;
  private static final Pattern FULL = Pattern.compile("[0-9a-f]{40}");

  /** The length of the short form the seed team uses as an image tag. */
  public static final int SHORT_LENGTH = 7;

  public CommitSha {
    requireNonNull(value, "value is null");
    // Change sets make tens of thousands of these from git's own lower-case ids: check those
    // without a regular expression or a lower-cased copy.
    if (!isFullLowerCase(value)) {
      value = value.toLowerCase(Locale.ROOT);
      if (!FULL.matcher(value).matches()) {
        throw SlipwayException.invalid(
            "commit", "commit '%s' is not a full 40-character hexadecimal git commit id", value);
      }
    }
  }

  private static boolean isFullLowerCase(String value) {
    if (value.length() != FULL_LENGTH) {
      return false;
    }
    for (int i = 0; i < FULL_LENGTH; i++) {
      char c = value.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  public static CommitSha of(String value) {
    return new CommitSha(value);
  }

  /** The first seven characters, as image tags and manifests name a commit. */
  public String shortSha() {
    return value.substring(0, SHORT_LENGTH);
  }

  @Override
  public String toString() {
    return value;
  }
}

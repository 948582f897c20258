package dev.slipway.target.git;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.Build;
import dev.slipway.error.SlipwayException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The text a target writes for a build (a {@code git-file} value, a {@code kubernetes} image), such
 * as {@code {shortCommit}} or {@code v{version}}. Placeholders: {@code {commit}} (the full commit
 * id), {@code {shortCommit}} (its first seven characters), {@code {version}} (the build's version
 * label), {@code {image}} (its image reference) and {@code {imageTag}} (the tag of that reference).
 */
public final class ValueTemplate {
  /** The template used when a target names none: what the seed team's manifests hold. */
  public static final String DEFAULT = "{shortCommit}";

  private enum Placeholder {
    COMMIT("commit"),
    SHORT_COMMIT("shortCommit"),
    VERSION("version"),
    IMAGE("image"),
    IMAGE_TAG("imageTag");

    private final String text;

    Placeholder(String text) {
      this.text = text;
    }
  }

  /** Literal text, or a placeholder; exactly one of the two is set. */
  private record Part(String literal, Placeholder placeholder) {}

  private final String text;
  private final List<Part> parts;

  private ValueTemplate(String text, List<Part> parts) {
    this.text = text;
    this.parts = List.copyOf(parts);
  }

  /**
   * Reads a template; an unknown or unclosed placeholder, a line break or an empty template is an
   * invalid {@code value} setting.
   */
  public static ValueTemplate parse(String text) {
    return parse(text, "value", DEFAULT);
  }

  /**
   * Reads a template given in another setting, such as the {@code image} of a Kubernetes target;
   * errors name that setting and its default.
   */
  public static ValueTemplate parse(String text, String setting, String defaultText) {
    requireNonNull(text, "text is null");
    requireNonNull(setting, "setting is null");
    requireNonNull(defaultText, "defaultText is null");
    if (text.isEmpty()) {
      throw SlipwayException.invalid(
          setting, "%s is empty; the default is %s", setting, defaultText);
    }
    if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw SlipwayException.invalid(
          setting, "%s '%s' contains a line break or control character", setting, text);
    }
    List<Part> parts = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int open = text.indexOf('{', i);
      int stray = text.indexOf('}', i);
      if (stray >= 0 && (open < 0 || stray < open)) {
        throw SlipwayException.invalid(
            setting, "%s '%s' has a '}' at position %d without a '{'", setting, text, stray + 1);
      }
      if (open < 0) {
        parts.add(new Part(text.substring(i), null));
        break;
      }
      if (open > i) {
        parts.add(new Part(text.substring(i, open), null));
      }
      int close = text.indexOf('}', open);
      if (close < 0) {
        throw SlipwayException.invalid(
            setting,
            "%s '%s' has a '{' at position %d that is not closed",
            setting,
            text,
            open + 1);
      }
      String name = text.substring(open + 1, close);
      parts.add(
          new Part(
              null,
              Arrays.stream(Placeholder.values())
                  .filter(placeholder -> placeholder.text.equals(name))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          SlipwayException.invalid(
                              setting,
                              "%s '%s' uses unknown placeholder {%s}; known placeholders: %s",
                              setting,
                              text,
                              name,
                              Arrays.stream(Placeholder.values())
                                  .map(placeholder -> "{" + placeholder.text + "}")
                                  .toList()))));
      i = close + 1;
    }
    return new ValueTemplate(text, parts);
  }

  public String text() {
    return text;
  }

  /**
   * The value for a build.
   *
   * @param target names the target in the error raised when the build lacks what the template needs
   *     (an image)
   */
  public String render(Build build, String target) {
    requireNonNull(build, "build is null");
    StringBuilder value = new StringBuilder();
    for (Part part : parts) {
      if (part.placeholder() == null) {
        value.append(part.literal());
        continue;
      }
      value.append(
          switch (part.placeholder()) {
            case COMMIT -> build.commit().value();
            case SHORT_COMMIT -> build.commit().shortSha();
            case VERSION -> build.version();
            case IMAGE -> image(build, target);
            case IMAGE_TAG -> imageTag(build, target);
          });
    }
    return value.toString();
  }

  private String image(Build build, String target) {
    return build
        .image()
        .orElseThrow(
            () ->
                SlipwayException.invalid(
                    "image",
                    "build %s has no image reference, but target %s writes '%s'; register the"
                        + " build with its image",
                    build.shortName(),
                    target,
                    text));
  }

  /**
   * The tag of an image reference: after the last ':' that follows the last '/', so a registry port
   * ({@code registry:5000/api:abc}) is not taken for a tag; a digest ({@code @sha256:...}) is not a
   * tag.
   */
  private String imageTag(Build build, String target) {
    String image = image(build, target);
    int at = image.indexOf('@');
    String name = at >= 0 ? image.substring(0, at) : image;
    int colon = name.lastIndexOf(':');
    if (colon < 0 || colon < name.lastIndexOf('/') || colon == name.length() - 1) {
      throw SlipwayException.invalid(
          "image",
          "image reference '%s' of build %s has no tag, but target %s writes '%s'",
          image,
          build.shortName(),
          target,
          text);
    }
    return name.substring(colon + 1);
  }

  @Override
  public String toString() {
    return text;
  }
}

package dev.slipway.target.lambda;

import static java.util.Objects.requireNonNull;

import dev.slipway.error.SlipwayException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a {@code lambda} target sets, as the text the engine records: new code when deploying
 * ({@code image:<uri>} or {@code s3:<bucket>/<key>}), or a published version when restoring ({@code
 * version:<n>}).
 */
sealed interface LambdaValue {
  /** Published version numbers, and {@code $LATEST}, which an alias may also point at. */
  Pattern VERSION = Pattern.compile("[0-9]+|\\$LATEST");

  String text();

  /** A container image, for functions whose package type is Image. */
  record Image(String uri) implements LambdaValue {
    public Image {
      requireNonNull(uri, "uri is null");
    }

    @Override
    public String text() {
      return "image:" + uri;
    }
  }

  /** A zip package in S3, for functions whose package type is Zip. */
  record S3Object(String bucket, String key) implements LambdaValue {
    public S3Object {
      requireNonNull(bucket, "bucket is null");
      requireNonNull(key, "key is null");
    }

    @Override
    public String text() {
      return "s3:" + bucket + "/" + key;
    }
  }

  /** A version already published, which the alias is moved back to. */
  record PublishedVersion(String version) implements LambdaValue {
    public PublishedVersion {
      requireNonNull(version, "version is null");
    }

    @Override
    public String text() {
      return "version:" + version;
    }
  }

  /**
   * Reads a value the engine recorded.
   *
   * @param target names the target in the error for a value this target never sets
   */
  static LambdaValue parse(String text, String target) {
    requireNonNull(text, "text is null");
    int colon = text.indexOf(':');
    String kind = colon < 0 ? "" : text.substring(0, colon);
    String rest = colon < 0 ? "" : text.substring(colon + 1);
    Optional<LambdaValue> value =
        switch (kind) {
          case "image" -> rest.isEmpty() ? Optional.empty() : Optional.of(new Image(rest));
          case "s3" -> s3Object(rest);
          case "version" ->
              VERSION.matcher(rest).matches()
                  ? Optional.of(new PublishedVersion(rest))
                  : Optional.empty();
          default -> Optional.empty();
        };
    if (value.isPresent()) {
      return value.get();
    }
    throw SlipwayException.invalid(
        "value",
        "'%s' is not a value target %s can set: image:<uri>, s3:<bucket>/<key> or version:<n>",
        text,
        target);
  }

  private static Optional<LambdaValue> s3Object(String rest) {
    int slash = rest.indexOf('/');
    return slash > 0 && slash < rest.length() - 1
        ? Optional.of(new S3Object(rest.substring(0, slash), rest.substring(slash + 1)))
        : Optional.empty();
  }
}

package dev.slipway.target.lambda;

import static java.util.Objects.requireNonNull;

import dev.slipway.aws.AwsConnection;
import dev.slipway.build.Build;
import dev.slipway.config.Durations;
import dev.slipway.config.PluginConfig;
import dev.slipway.config.SettingsReader;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import dev.slipway.target.git.ValueTemplate;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings of one {@code lambda} target.
 *
 * @param function the function's name, or its ARN
 * @param alias the alias moved to each new version, such as {@code live}
 * @param imageUri the image URI template, for Image functions; empty for Zip functions
 * @param s3Bucket the bucket of the zip package, for Zip functions
 * @param s3Key the object key template of the zip package, for Zip functions
 * @param trafficShift whether and how a share of the traffic goes to a new version first
 * @param updateTimeout how long a code update may take to finish
 * @param connection the region and endpoint
 */
public record LambdaTargetSettings(
    String function,
    String alias,
    Optional<ValueTemplate> imageUri,
    Optional<String> s3Bucket,
    Optional<ValueTemplate> s3Key,
    Optional<TrafficShift> trafficShift,
    Duration updateTimeout,
    AwsConnection connection) {
  public static final String DEFAULT_IMAGE_URI = "{image}";
  public static final Duration DEFAULT_UPDATE_TIMEOUT = Duration.ofMinutes(10);

  private static final Set<String> KNOWN =
      Set.of(
          "function",
          "alias",
          "imageUri",
          "s3Bucket",
          "s3Key",
          "trafficShift",
          "updateTimeout",
          "region",
          "endpoint");
  private static final Set<String> SHIFT = Set.of("weight", "period");

  /** A function name, a partial ARN ({@code 123456789012:function:name}) or a full ARN. */
  private static final Pattern FUNCTION =
      Pattern.compile(
          "(arn:aws[a-zA-Z-]*:lambda:[a-z]{2}(-[a-z]+)+-\\d+:)?(\\d{12}:)?(function:)?"
              + "[a-zA-Z0-9-_]{1,64}");

  private static final Pattern ALIAS = Pattern.compile("(?!^[0-9]+$)[a-zA-Z0-9-_]{1,128}");

  /** S3's rules for bucket names, short of the ones about IP addresses and reserved suffixes. */
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  public LambdaTargetSettings {
    requireNonNull(function, "function is null");
    requireNonNull(alias, "alias is null");
    requireNonNull(imageUri, "imageUri is null");
    requireNonNull(s3Bucket, "s3Bucket is null");
    requireNonNull(s3Key, "s3Key is null");
    requireNonNull(trafficShift, "trafficShift is null");
    requireNonNull(updateTimeout, "updateTimeout is null");
    requireNonNull(connection, "connection is null");
    if (!FUNCTION.matcher(function).matches()) {
      throw SlipwayException.invalid(
          "function",
          "'%s' is not a Lambda function name (letters, digits, '-', '_', at most 64) or ARN",
          function);
    }
    if (!ALIAS.matcher(alias).matches()) {
      throw SlipwayException.invalid(
          "alias",
          "'%s' is not a Lambda alias name (letters, digits, '-', '_', not only digits)",
          alias);
    }
    s3Bucket.ifPresent(
        bucket -> {
          if (!BUCKET.matcher(bucket).matches()) {
            throw SlipwayException.invalid(
                "s3Bucket", "'%s' is not an S3 bucket name (lower-case, 3 to 63)", bucket);
          }
        });
    if (s3Bucket.isPresent() != s3Key.isPresent()) {
      throw SlipwayException.invalid(
          s3Bucket.isPresent() ? "s3Key" : "s3Bucket",
          "a zip package needs both 's3Bucket' and 's3Key'");
    }
    if (imageUri.isPresent() && s3Bucket.isPresent()) {
      throw SlipwayException.invalid(
          "imageUri",
          "set 'imageUri' for a container image function or 's3Bucket' and 's3Key' for a zip"
              + " package, not both");
    }
    if (imageUri.isEmpty() && s3Bucket.isEmpty()) {
      throw new IllegalArgumentException("either an image template or an S3 package is needed");
    }
    if (updateTimeout.isNegative() || updateTimeout.isZero()) {
      throw SlipwayException.invalid(
          "updateTimeout",
          "updateTimeout must be longer than zero, not %s",
          Durations.format(updateTimeout));
    }
  }

  /** Reads a target entry; an unknown key is an error rather than ignored. */
  public static LambdaTargetSettings from(PluginConfig config) {
    String what = "a " + LambdaTargetType.NAME + " target";
    SettingsReader settings = SettingsReader.of(config, what, KNOWN);
    Optional<String> s3Bucket = settings.text("s3Bucket");
    Optional<ValueTemplate> s3Key = settings.text("s3Key").map(text -> template(text, "s3Key"));
    Optional<ValueTemplate> imageUri =
        settings
            .text("imageUri")
            .or(
                () ->
                    s3Bucket.isPresent() || s3Key.isPresent()
                        ? Optional.empty()
                        : Optional.of(DEFAULT_IMAGE_URI))
            .map(text -> template(text, "imageUri"));
    Optional<TrafficShift> trafficShift =
        settings
            .mapping("trafficShift", "trafficShift", SHIFT)
            .map(
                shift ->
                    new TrafficShift(
                        shift
                            .integer("weight")
                            .orElseThrow(
                                () ->
                                    SlipwayException.invalid(
                                        "trafficShift.weight",
                                        "'trafficShift.weight' is required: the percentage of"
                                            + " traffic the new version gets first")),
                        shift
                            .duration("period")
                            .orElseThrow(
                                () ->
                                    SlipwayException.invalid(
                                        "trafficShift.period",
                                        "'trafficShift.period' is required: how long the new"
                                            + " version gets that share"))));
    return new LambdaTargetSettings(
        settings.requiredText("function", what),
        settings.requiredText("alias", what),
        imageUri,
        s3Bucket,
        s3Key,
        trafficShift,
        settings.duration("updateTimeout").orElse(DEFAULT_UPDATE_TIMEOUT),
        AwsConnection.from(settings));
  }

  /** The code a build deploys. */
  LambdaValue codeFor(Build build, String target) {
    if (imageUri.isPresent()) {
      return new LambdaValue.Image(imageUri.get().render(build, target));
    }
    return new LambdaValue.S3Object(
        s3Bucket.orElseThrow(), s3Key.orElseThrow().render(build, target));
  }

  /** A template whose errors name the setting it came from rather than a {@code value}. */
  private static ValueTemplate template(String text, String setting) {
    try {
      return ValueTemplate.parse(text);
    } catch (SlipwayException e) {
      throw new SlipwayException(
          ErrorCategory.USER, setting + ": " + e.getMessage(), setting, true, e);
    }
  }
}

package dev.slipway.aws;

import static java.util.Objects.requireNonNull;

import dev.slipway.config.SettingsReader;
import dev.slipway.error.SlipwayException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;

/**
 * Where a target or check reaches AWS. Credentials always come from the SDK's default chain
 * (environment, profile, container or instance role), never from the configuration.
 *
 * @param region the region, such as {@code ca-central-1}; empty to take the SDK's default chain
 *     ({@code AWS_REGION}, the profile, the instance)
 * @param endpoint replaces the service's endpoint, for a VPC endpoint or a test server
 */
public record AwsConnection(Optional<String> region, Optional<URI> endpoint) {
  /** Region names such as {@code ca-central-1}, {@code us-gov-west-1} or {@code eu-isoe-west-1}. */
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");

  public AwsConnection {
    requireNonNull(region, "region is null");
    requireNonNull(endpoint, "endpoint is null");
    region.ifPresent(
        name -> {
          if (!REGION.matcher(name).matches()) {
            throw SlipwayException.invalid(
                "region", "'%s' is not an AWS region name such as ca-central-1", name);
          }
        });
    endpoint.ifPresent(
        uri -> {
          String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
          if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw SlipwayException.invalid(
                "endpoint",
                "'%s' is not an http or https URL such as"
                    + " https://vpce-0abc.lambda.ca-central-1.vpce.amazonaws.com",
                uri);
          }
        });
  }

  /** Reads {@code region} and {@code endpoint} from a target's or check's settings. */
  public static AwsConnection from(SettingsReader settings) {
    return new AwsConnection(
        settings.text("region"), settings.text("endpoint").map(AwsConnection::endpoint));
  }

  private static URI endpoint(String text) {
    try {
      return new URI(text.trim());
    } catch (URISyntaxException e) {
      throw SlipwayException.invalid(
          "endpoint", "'%s' is not an http or https URL: %s", text, e.getReason());
    }
  }

  /**
   * Builds a client reaching this region and endpoint.
   *
   * @param what names the target or check in the error raised when no region can be found
   */
  public <B extends AwsClientBuilder<B, C>, C> C build(B builder, String what) {
    region.map(Region::of).ifPresent(builder::region);
    endpoint.ifPresent(builder::endpointOverride);
    try {
      return builder.build();
    } catch (SdkClientException e) {
      throw SlipwayException.externalTerminal(
          "cannot reach AWS for "
              + what
              + ": "
              + e.getMessage()
              + " (set 'region' in the configuration or AWS_REGION in the environment)",
          e);
    }
  }

  /** {@code ca-central-1}, {@code the default region}, with the endpoint when it is replaced. */
  public String describe() {
    return region.orElse("the default region") + endpoint.map(uri -> " through " + uri).orElse("");
  }
}

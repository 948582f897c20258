package dev.slipway.aws;

import dev.slipway.error.SlipwayException;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Words an AWS failure for the step log and decides whether trying again later can help. The SDK
 * has already retried what its retry policy retries (throttling, 5xx, connection resets) by the
 * time an error reaches here.
 */
public final class AwsErrors {
  private AwsErrors() {}

  /** What AWS said, without the SDK's request id and status trailer. */
  public static String reason(SdkException e) {
    if (e instanceof AwsServiceException service) {
      Optional<AwsErrorDetails> details = Optional.ofNullable(service.awsErrorDetails());
      String code = details.map(AwsErrorDetails::errorCode).orElse("");
      String message =
          details
              .map(AwsErrorDetails::errorMessage)
              .filter(text -> !text.isBlank())
              .orElse("no message");
      return (code.isEmpty() ? "HTTP " + service.statusCode() : code) + ": " + message;
    }
    return Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName());
  }

  public static boolean isNotFound(SdkException e) {
    return e instanceof AwsServiceException service
        && (service.statusCode() == 404 || code(service).contains("NotFound"));
  }

  public static boolean isAccessDenied(SdkException e) {
    return e instanceof AwsServiceException service
        && (service.statusCode() == 403
            || code(service).startsWith("AccessDenied")
            || code(service).equals("UnrecognizedClientException"));
  }

  public static boolean isThrottling(SdkException e) {
    return e instanceof AwsServiceException service && service.isThrottlingException();
  }

  /**
   * The Slipway error for a failed call.
   *
   * @param what what was being done, for the message: {@code updating the code of lambda function
   *     notify-lambda}
   */
  public static SlipwayException translate(SdkException e, String what) {
    if (!(e instanceof AwsServiceException service)) {
      return SlipwayException.external(what + " failed: AWS could not be reached: " + reason(e), e);
    }
    if (isThrottling(e)) {
      return SlipwayException.externalTerminal(
          what
              + " failed: AWS kept throttling the requests after the SDK's retries ("
              + reason(e)
              + ")",
          e);
    }
    if (isNotFound(e)) {
      return SlipwayException.externalTerminal(what + " failed: not found (" + reason(e) + ")", e);
    }
    if (isAccessDenied(e)) {
      return SlipwayException.externalTerminal(
          what
              + " failed: access denied ("
              + reason(e)
              + "); the credentials from the SDK's default chain need this permission",
          e);
    }
    int status = service.statusCode();
    if (status == 409 || status >= 500) {
      return SlipwayException.external(what + " failed: " + reason(e), e);
    }
    return SlipwayException.externalTerminal(what + " failed: AWS refused (" + reason(e) + ")", e);
  }

  private static String code(AwsServiceException e) {
    return Optional.ofNullable(e.awsErrorDetails()).map(AwsErrorDetails::errorCode).orElse("");
  }
}

package dev.slipway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.slipway.config.ConfigProblem;
import dev.slipway.config.InvalidConfigException;
import dev.slipway.error.ErrorCategory;
import dev.slipway.error.SlipwayException;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place errors become HTTP responses. */
final class Problems {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  static final String CONTENT_TYPE = "application/problem+json";
  private static final String WRITTEN = "slipway.problem";

  private Problems() {}

  static void handle(Exception error, Context context) {
    if (error instanceof SlipwayException slipway) {
      write(context, fromSlipway(slipway));
    } else if (error instanceof HttpResponseException http) {
      write(
          context,
          problem(
              ErrorCategory.fromHttpStatus(http.getStatus()),
              http.getStatus(),
              http.getMessage(),
              null,
              null));
    } else {
      LOG.error("request {} {} failed", context.method(), context.path(), error);
      write(
          context,
          problem(
              ErrorCategory.INTERNAL,
              500,
              "Slipway failed to answer this request; the server log has the details",
              null,
              null));
    }
  }

  /**
   * Answers a request no endpoint matched. Javalin calls this for every 404, also after an endpoint
   * already reported a missing promotion or build, whose more precise problem must stay.
   */
  static void notFound(Context context) {
    // A page for people that answered 404 itself keeps its HTML.
    String written = context.res().getContentType();
    if (context.attribute(WRITTEN) != null
        || (written != null && written.startsWith(ContentType.HTML))) {
      return;
    }
    write(
        context,
        problem(
            ErrorCategory.NOT_FOUND,
            404,
            "no such endpoint: " + context.method() + " " + context.path(),
            null,
            null));
  }

  private static Problem fromSlipway(SlipwayException error) {
    ErrorCategory category = error.category();
    List<String> errors =
        error instanceof InvalidConfigException invalid
            ? invalid.problems().stream().map(ConfigProblem::toString).toList()
            : null;
    if (category == ErrorCategory.INTERNAL) {
      LOG.error("internal error", error);
    }
    return problem(
        category, category.httpStatus(), error.getMessage(), error.field().orElse(null), errors);
  }

  static Problem problem(
      ErrorCategory category, int status, String detail, String field, List<String> errors) {
    String slug = category.name().toLowerCase(Locale.ROOT).replace('_', '-');
    return new Problem(
        "https://slipway.dev/problems/" + slug, title(category), status, detail, field, errors);
  }

  private static String title(ErrorCategory category) {
    return switch (category) {
      case USER -> "Invalid input";
      case NOT_FOUND -> "Not found";
      case CONFLICT -> "Conflict";
      case UNAUTHENTICATED -> "Authentication required";
      case FORBIDDEN -> "Forbidden";
      case EXTERNAL -> "An outside system failed";
      case INTERNAL -> "Internal error";
    };
  }

  private static void write(Context context, Problem problem) {
    try {
      context
          .status(problem.status())
          .contentType(CONTENT_TYPE)
          .result(Json.mapper().writeValueAsString(problem));
      context.attribute(WRITTEN, problem);
      if (problem.status() == 401) {
        context.header("WWW-Authenticate", "Bearer realm=\"slipway\"");
      }
    } catch (JsonProcessingException e) {
      context.status(500).result(problem.detail());
    }
  }
}

package dev.slipway.evidence.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.errorprone.annotations.FormatMethod;
import com.google.errorprone.annotations.FormatString;
import dev.slipway.error.SlipwayException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * mochawesome JSON, as Cypress writes it with the mochawesome reporter: {@code stats}, then {@code
 * results}, one root suite per spec file, whose {@code suites} nest like the spec's {@code
 * describe} blocks and hold {@code tests} ({@code title}, {@code duration} in milliseconds, {@code
 * state}, and {@code err.message} and {@code err.estack} when one failed).
 *
 * <p>The file is streamed: one test at a time is held, and a suite's tests are handed on as they
 * are read. A test's {@code state} says how it ended: {@code passed}, {@code failed}, {@code
 * pending} ({@code it.skip}) or none when mocha skipped it after a failing hook. A failing hook is
 * reported as a test with {@code isHook}: it is {@link CaseStatus#ERRORED}, as is a test that timed
 * out.
 */
public final class MochawesomeFormat implements ReportFormat {
  public static final String NAME = "mochawesome";

  private static final String DESCRIPTION = "mochawesome JSON";
  private static final int MAX_SUITE_DEPTH = 100;
  private static final String SUITE_SEPARATOR = " > ";
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ReportSummary read(InputStream input, ReportListener listener) {
    requireNonNull(input, "input is null");
    requireNonNull(listener, "listener is null");
    try (JsonParser json = JSON.createParser(input)) {
      return new Reading(json, listener).document();
    } catch (JsonProcessingException e) {
      JsonLocation location = e.getLocation();
      throw ReportErrors.malformed(
          DESCRIPTION,
          location == null ? -1 : location.getLineNr(),
          location == null ? -1 : location.getColumnNr(),
          "%s",
          e.getOriginalMessage());
    } catch (IOException e) {
      throw ReportErrors.unreadable(DESCRIPTION, e);
    }
  }

  /** The state of reading one document. */
  private static final class Reading {
    private final JsonParser json;
    private final ReportListener listener;
    private final ReportCounts counts = new ReportCounts();

    Reading(JsonParser json, ReportListener listener) {
      this.json = json;
      this.listener = listener;
    }

    ReportSummary document() throws IOException {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw here("a mochawesome report is a JSON object with 'stats' and 'results'");
      }
      Optional<Duration> duration = Optional.empty();
      boolean sawResults = false;
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        switch (field) {
          case "stats" -> {
            JsonNode stats = json.readValueAsTree();
            duration = millis(stats == null ? null : stats.get("duration"));
          }
          case "results" -> {
            expect(value, JsonToken.START_ARRAY, "'results' is a list of suites");
            sawResults = true;
            while (json.nextToken() != JsonToken.END_ARRAY) {
              suite(new Suite("", "", 0));
            }
          }
          // mochawesome 3 and earlier wrote a single root suite under 'suites'.
          case "suites" -> {
            if (value == JsonToken.START_OBJECT) {
              sawResults = true;
              suite(new Suite("", "", 0));
            } else {
              json.skipChildren();
            }
          }
          default -> json.skipChildren();
        }
      }
      if (json.nextToken() != null) {
        throw here("there is more after the report's closing brace");
      }
      if (!sawResults) {
        throw ReportErrors.invalid(
            DESCRIPTION, "it has no 'results': this is not a mochawesome report");
      }
      return counts.summary(duration, Optional.empty());
    }

    /** Reads one suite object; the parser is on its START_OBJECT. */
    private void suite(Suite parent) throws IOException {
      expect(json.currentToken(), JsonToken.START_OBJECT, "a suite is a JSON object");
      if (parent.depth == MAX_SUITE_DEPTH) {
        throw here("suites nest deeper than %d", MAX_SUITE_DEPTH);
      }
      String title = null;
      String file = "";
      // mochawesome writes a suite's title and file before its tests and suites; tests that come
      // before the title wait for it, nested suites are named with what is known when they come.
      List<JsonNode> waiting = new ArrayList<>();
      Suite suite = null;
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        switch (field) {
          case "title" -> title = value == JsonToken.VALUE_STRING ? json.getText() : "";
          case "file", "fullFile" -> {
            if (value == JsonToken.VALUE_STRING && file.isEmpty()) {
              file = json.getText();
            }
          }
          case "tests" -> {
            expect(value, JsonToken.START_ARRAY, "a suite's 'tests' is a list");
            while (json.nextToken() != JsonToken.END_ARRAY) {
              JsonNode test = json.readValueAsTree();
              if (title == null) {
                waiting.add(test);
              } else {
                suite = named(suite, parent, title, file);
                test(suite, test);
              }
            }
          }
          case "suites" -> {
            expect(value, JsonToken.START_ARRAY, "a suite's 'suites' is a list");
            suite = named(suite, parent, orEmpty(title), file);
            while (json.nextToken() != JsonToken.END_ARRAY) {
              suite(suite);
            }
          }
          default -> json.skipChildren();
        }
      }
      if (!waiting.isEmpty()) {
        Suite complete = named(null, parent, orEmpty(title), file);
        for (JsonNode test : waiting) {
          test(complete, test);
        }
      }
    }

    private static Suite named(Suite known, Suite parent, String title, String file) {
      if (known != null) {
        return known;
      }
      String path =
          title.isEmpty()
              ? parent.path
              : parent.path.isEmpty() ? title : parent.path + SUITE_SEPARATOR + title;
      return new Suite(path, file.isEmpty() ? parent.file : file, parent.depth + 1);
    }

    private void test(Suite suite, JsonNode test) {
      if (test == null || !test.isObject()) {
        throw here("a test is a JSON object");
      }
      CaseStatus status = status(test);
      JsonNode err = test.path("err");
      Optional<String> message = Optional.empty();
      Optional<String> details = Optional.empty();
      if (status == CaseStatus.FAILED || status == CaseStatus.ERRORED) {
        message = text(err.get("message")).flatMap(BoundedText::message);
        details = text(err.get("estack")).flatMap(BoundedText::details);
      }
      TestCaseResult result =
          new TestCaseResult(
              suite.path,
              suite.file,
              text(test.get("title")).orElse(""),
              status,
              millis(test.get("duration")),
              message,
              details,
              false);
      counts.count(result);
      listener.testCase(result);
    }

    private static CaseStatus status(JsonNode test) {
      String state = text(test.get("state")).orElse("");
      boolean failed = state.equals("failed") || (state.isEmpty() && flag(test, "fail"));
      if (failed) {
        return flag(test, "isHook") || flag(test, "timedOut")
            ? CaseStatus.ERRORED
            : CaseStatus.FAILED;
      }
      if (state.equals("passed") || (state.isEmpty() && flag(test, "pass"))) {
        return CaseStatus.PASSED;
      }
      // pending (it.skip), skipped, and a test mocha never ran because a hook failed before it.
      return CaseStatus.SKIPPED;
    }

    private static boolean flag(JsonNode test, String field) {
      return test.path(field).asBoolean(false);
    }

    private void expect(JsonToken actual, JsonToken expected, String what) {
      if (actual != expected) {
        throw here("%s", what);
      }
    }

    @FormatMethod
    private SlipwayException here(@FormatString String reason, Object... args) {
      JsonLocation location = json.currentTokenLocation();
      return ReportErrors.malformed(
          DESCRIPTION,
          location.getLineNr(),
          location.getColumnNr(),
          "%s",
          String.format(reason, args));
    }
  }

  private record Suite(String path, String file, int depth) {}

  private static Optional<String> text(JsonNode node) {
    return node == null || !node.isTextual() ? Optional.empty() : Optional.of(node.asText());
  }

  private static Optional<Duration> millis(JsonNode node) {
    if (node == null || !node.isNumber() || node.asDouble() < 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(Math.round(node.asDouble() * 1_000_000)));
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}

package dev.slipway.evidence.report;

import static java.util.Objects.requireNonNull;

import com.ctc.wstx.api.WstxInputProperties;
import com.google.errorprone.annotations.FormatMethod;
import com.google.errorprone.annotations.FormatString;
import dev.slipway.error.SlipwayException;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.codehaus.stax2.XMLStreamReader2;

/**
 * JUnit XML as test tools write it: Surefire and Gradle, pytest, jest-junit, node's test runner,
 * gotestsum. One element at a time is read (StAX), so memory holds one case whatever the size of
 * the file.
 *
 * <p>What the dialects share: a {@code testsuites} or {@code testsuite} root; suites that may nest
 * (node writes one per {@code describe}); {@code testcase} elements with {@code name}, {@code
 * classname} and {@code time} in seconds, holding {@code failure}, {@code error} or {@code skipped}
 * (with a {@code message} attribute and the stack trace as text), and {@code system-out} and {@code
 * system-err}. Surefire adds reruns: {@code flakyFailure}/{@code flakyError} on a case that passed
 * on a rerun, {@code rerunFailure}/{@code rerunError} on one that failed every time. The counts a
 * report states in its attributes are ignored: the summary counts the cases read.
 *
 * <p>Hostile XML is refused: a document with a DTD is an error, so no entity is ever declared,
 * expanded or fetched.
 *
 * <p>The parser is Woodstox, named explicitly rather than found on the class path, so the
 * protections set here always apply; it read the 1 GB benchmark report about 1.4 times as fast as
 * the JDK's own.
 */
public final class JUnitXmlFormat implements ReportFormat {
  public static final String NAME = "junit";

  /** How much of a case's standard output or error is kept: its end. */
  public static final int OUTPUT_LIMIT = 64 * 1024;

  /** How much of a failure's stack trace is kept: its beginning. */
  public static final int DETAILS_LIMIT = 64 * 1024;

  /** How much of a failure's message is kept. */
  public static final int MESSAGE_LIMIT = 4 * 1024;

  private static final int MAX_SUITE_DEPTH = 100;
  // A longer time would not fit a Duration in nanoseconds; no test runs for 290 years.
  private static final double MAX_SECONDS = 9e9;
  private static final String SUITE_SEPARATOR = " > ";
  private static final String DESCRIPTION = "JUnit XML";

  // Failure messages are kept to MESSAGE_LIMIT; an attribute far larger is an attack, not a report.
  private static final int MAX_ATTRIBUTE_SIZE = 1024 * 1024;
  private static final int MAX_ATTRIBUTES_PER_ELEMENT = 1000;
  private static final int MAX_ELEMENT_DEPTH = 1000;

  // Named rather than written as "new WstxInputFactory()": that class carries OSGi and bnd
  // annotations whose classes javac 17 wants on the class path, warning otherwise (so -Werror
  // fails), and they would be three compile-only dependencies for nothing at run time.
  private static final String WOODSTOX_FACTORY = "com.ctc.wstx.stax.WstxInputFactory";
  private static final Constructor<? extends XMLInputFactory> FACTORY = woodstoxFactory();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ReportSummary read(InputStream input, ReportListener listener) {
    requireNonNull(input, "input is null");
    requireNonNull(listener, "listener is null");
    XMLStreamReader2 xml;
    try {
      xml = (XMLStreamReader2) newFactory().createXMLStreamReader(input);
    } catch (XMLStreamException e) {
      throw refused(e);
    }
    try {
      return new Reading(xml, listener).document();
    } catch (XMLStreamException e) {
      throw refused(e, xml.getLocation());
    } finally {
      closeQuietly(xml);
    }
  }

  // A factory per report: the StAX factories are not promised to be safe to share between threads.
  private static Constructor<? extends XMLInputFactory> woodstoxFactory() {
    try {
      return Class.forName(WOODSTOX_FACTORY, true, JUnitXmlFormat.class.getClassLoader())
          .asSubclass(XMLInputFactory.class)
          .getConstructor();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "Woodstox (" + WOODSTOX_FACTORY + ") is missing from the class path", e);
    }
  }

  private static XMLInputFactory newFactory() {
    XMLInputFactory factory;
    try {
      factory = FACTORY.newInstance();
    } catch (ReflectiveOperationException e) {
      throw SlipwayException.internal("could not create Woodstox's XML parser", e);
    }
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    // An entity other than the five XML predefines is then an error naming it.
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
    // Coalescing would read adjacent text and CDATA into one string, however long.
    factory.setProperty(XMLInputFactory.IS_COALESCING, false);
    factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, MAX_ATTRIBUTE_SIZE);
    factory.setProperty(
        WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, MAX_ATTRIBUTES_PER_ELEMENT);
    factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, MAX_ELEMENT_DEPTH);
    return factory;
  }

  private static void closeQuietly(XMLStreamReader xml) {
    try {
      xml.close();
    } catch (XMLStreamException e) {
      // Closing frees the parser's buffers only; the report was read or refused already.
    }
  }

  private static SlipwayException refused(XMLStreamException e) {
    return refused(e, null);
  }

  // Woodstox's limits, such as the size of an attribute, fail without a location: the reader's
  // own, where it stopped, is then the place to name.
  private static SlipwayException refused(XMLStreamException e, Location where) {
    Throwable nested = e.getNestedException();
    if (nested instanceof IOException io && !(io instanceof CharConversionException)) {
      return ReportErrors.unreadable(DESCRIPTION, io);
    }
    Location location = e.getLocation() != null ? e.getLocation() : where;
    long line = location == null ? -1 : location.getLineNumber();
    // At the end of input Woodstox counts the column from 0, everywhere else from 1.
    long column = location == null ? -1 : Math.max(1, location.getColumnNumber());
    return ReportErrors.malformed(DESCRIPTION, line, column, "%s", reason(e));
  }

  // Woodstox ends its messages with "\n at [row,col {unknown-source}]: [4,5]", which the error
  // already states in its own words.
  private static String reason(XMLStreamException e) {
    String message = String.valueOf(e.getMessage());
    int at = message.indexOf("\n at [row,col");
    return (at >= 0 ? message.substring(0, at) : message).strip();
  }

  static Optional<Duration> seconds(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    // Some Surefire versions wrote times over a thousand seconds with a grouping comma.
    String plain = value.indexOf(',') < 0 ? value.strip() : value.strip().replace(",", "");
    try {
      double seconds = Double.parseDouble(plain);
      if (!(seconds >= 0 && seconds < MAX_SECONDS)) {
        return Optional.empty();
      }
      return Optional.of(Duration.ofNanos(Math.round(seconds * 1e9)));
    } catch (NumberFormatException e) {
      // A time no tool could mean is a time the report does not state.
      return Optional.empty();
    }
  }

  private enum Frame {
    SUITES,
    SUITE,
    SUITE_OUTPUT,
    CASE,
    OUTCOME,
    RERUN,
    STACK_TRACE,
    CASE_OUTPUT
  }

  /** The state of reading one document. */
  private static final class Reading {
    private final XMLStreamReader2 xml;
    private final ReportListener listener;
    private final Writer toCollecting = new ToCollecting();
    private final ReportCounts counts = new ReportCounts();
    private final Deque<Frame> frames = new ArrayDeque<>();
    private final Deque<String> suites = new ArrayDeque<>();
    private int ignoredDepth;
    private BoundedText collecting;
    private String suiteStream;
    private CaseReading testCase;
    private Optional<Duration> rootDuration = Optional.empty();
    private Duration suitesDuration = Duration.ZERO;
    private boolean suitesTimed;
    // One buffer of each kind, cleared for each case: a case's text is handed on when it ends.
    private final BoundedText caseDetails = details();
    private final BoundedText rerunDetails = details();
    private final BoundedText caseOut = output("system-out");
    private final BoundedText caseErr = output("system-err");
    private final BoundedText suiteOut = output("system-out");
    private final BoundedText suiteErr = output("system-err");

    Reading(XMLStreamReader2 xml, ReportListener listener) {
      this.xml = xml;
      this.listener = listener;
    }

    ReportSummary document() throws XMLStreamException {
      while (xml.hasNext()) {
        switch (xml.next()) {
          case XMLStreamConstants.DTD ->
              throw here(
                  "DTDs are not accepted: a JUnit report needs none, and a DTD can declare entities"
                      + " that expand without end or read other files");
          case XMLStreamConstants.START_ELEMENT -> start(xml.getLocalName());
          case XMLStreamConstants.END_ELEMENT -> end();
          case XMLStreamConstants.CHARACTERS,
              XMLStreamConstants.CDATA,
              XMLStreamConstants.SPACE -> {
            if (collecting != null && ignoredDepth == 0) {
              // Woodstox copies the text through as it reads it, a buffer at a time, where
              // getText() would first build the whole of a system-out of many megabytes.
              copyText();
            }
          }
          case XMLStreamConstants.ENTITY_REFERENCE ->
              throw here("the entity '%s' is not declared", xml.getLocalName());
          default -> {}
        }
      }
      Optional<Duration> duration =
          rootDuration.isPresent()
              ? rootDuration
              : suitesTimed ? Optional.of(suitesDuration) : Optional.empty();
      return counts.summary(duration, Optional.empty());
    }

    private void start(String element) throws XMLStreamException {
      if (ignoredDepth > 0) {
        ignoredDepth++;
        return;
      }
      Frame parent = frames.peek();
      if (parent == null) {
        switch (element) {
          case "testsuites" -> {
            frames.push(Frame.SUITES);
            rootDuration = seconds(attribute("time"));
          }
          case "testsuite" -> {
            startSuite();
            rootDuration = seconds(attribute("time"));
          }
          default ->
              throw here(
                  "the root element is <%s>; a JUnit report starts with <testsuites> or"
                      + " <testsuite>",
                  element);
        }
        return;
      }
      switch (parent) {
        case SUITES, SUITE -> inSuite(parent, element);
        case CASE -> inCase(element);
        case RERUN -> {
          if (element.equals("stackTrace") && testCase.rerunDetails == null) {
            testCase.rerunDetails = cleared(rerunDetails);
            collecting = testCase.rerunDetails;
            frames.push(Frame.STACK_TRACE);
          } else {
            // A rerun's own output and later reruns' traces add nothing the case does not show.
            ignoredDepth = 1;
          }
        }
        case SUITE_OUTPUT, OUTCOME, STACK_TRACE, CASE_OUTPUT -> ignoredDepth = 1;
      }
    }

    private void inSuite(Frame parent, String element) throws XMLStreamException {
      switch (element) {
        case "testsuite" -> {
          if (parent == Frame.SUITES && suites.isEmpty()) {
            seconds(attribute("time"))
                .ifPresent(
                    time -> {
                      suitesDuration = suitesDuration.plus(time);
                      suitesTimed = true;
                    });
          }
          startSuite();
        }
        case "testsuites" -> frames.push(Frame.SUITES);
        case "testcase" -> {
          testCase =
              new CaseReading(
                  suites.isEmpty() ? "" : suites.peek(),
                  orEmpty(attribute("classname")),
                  orEmpty(attribute("name")),
                  seconds(attribute("time")));
          frames.push(Frame.CASE);
        }
        case "system-out", "system-err" -> {
          if (parent == Frame.SUITE) {
            suiteStream = element;
            collecting = cleared(element.equals("system-out") ? suiteOut : suiteErr);
            frames.push(Frame.SUITE_OUTPUT);
          } else {
            ignoredDepth = 1;
          }
        }
        // properties, and anything a tool adds, say nothing about how the cases ended.
        default -> ignoredDepth = 1;
      }
    }

    private void inCase(String element) throws XMLStreamException {
      switch (element) {
        case "failure" -> outcome(CaseStatus.FAILED);
        case "error" -> outcome(CaseStatus.ERRORED);
        case "skipped" -> outcome(CaseStatus.SKIPPED);
        case "flakyFailure", "flakyError" -> rerun(null);
        case "rerunFailure" -> rerun(CaseStatus.FAILED);
        case "rerunError" -> rerun(CaseStatus.ERRORED);
        case "system-out" -> {
          if (testCase.systemOut == null) {
            testCase.systemOut = cleared(caseOut);
          }
          collecting = testCase.systemOut;
          frames.push(Frame.CASE_OUTPUT);
        }
        case "system-err" -> {
          if (testCase.systemErr == null) {
            testCase.systemErr = cleared(caseErr);
          }
          collecting = testCase.systemErr;
          frames.push(Frame.CASE_OUTPUT);
        }
        default -> ignoredDepth = 1;
      }
    }

    private void outcome(CaseStatus status) {
      frames.push(Frame.OUTCOME);
      // A case reported twice over (pytest: a failed call and an erroring teardown) is shown by the
      // worse of the two.
      if (rank(status) > rank(testCase.outcome)) {
        testCase.outcome = status;
        testCase.message = BoundedText.message(attribute("message"));
        testCase.details = cleared(caseDetails);
        collecting = testCase.details;
      }
    }

    private void rerun(CaseStatus failedAgain) {
      frames.push(Frame.RERUN);
      if (failedAgain == null) {
        testCase.passedOnRerun = true;
      } else if (testCase.rerunStatus == null || rank(failedAgain) > rank(testCase.rerunStatus)) {
        testCase.rerunStatus = failedAgain;
      }
      if (testCase.rerunMessage == null) {
        testCase.rerunMessage = BoundedText.message(attribute("message"));
      }
    }

    private void startSuite() throws XMLStreamException {
      if (suites.size() == MAX_SUITE_DEPTH) {
        throw here("test suites nest deeper than %d", MAX_SUITE_DEPTH);
      }
      String name = orEmpty(attribute("name"));
      suites.push(suites.isEmpty() ? name : suites.peek() + SUITE_SEPARATOR + name);
      frames.push(Frame.SUITE);
    }

    private void end() {
      if (ignoredDepth > 0) {
        ignoredDepth--;
        return;
      }
      Frame frame = frames.pop();
      switch (frame) {
        case SUITES -> {}
        case SUITE -> suites.pop();
        case SUITE_OUTPUT -> {
          BoundedText output = collecting;
          collecting = null;
          output
              .value()
              .ifPresent(
                  text ->
                      listener.suiteOutput(
                          suites.isEmpty() ? "" : suites.peek(), suiteStream, text));
        }
        case CASE -> {
          TestCaseResult result = testCase.result();
          testCase = null;
          counts.count(result);
          listener.testCase(result);
        }
        case OUTCOME, RERUN, STACK_TRACE, CASE_OUTPUT -> collecting = null;
      }
    }

    private String attribute(String name) {
      return xml.getAttributeValue(null, name);
    }

    private void copyText() throws XMLStreamException {
      try {
        xml.getText(toCollecting, false);
      } catch (IOException e) {
        // Only reading the report can fail: refused() tells a broken stream from bad encoding.
        throw new XMLStreamException(String.valueOf(e.getMessage()), xml.getLocation(), e);
      }
    }

    /** Hands the text being read to whichever bounded buffer is collecting it. */
    private final class ToCollecting extends Writer {
      @Override
      public void write(char[] chars, int start, int count) {
        collecting.append(chars, start, count);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    }

    @FormatMethod
    private SlipwayException here(@FormatString String reason, Object... args) {
      Location location = xml.getLocation();
      return ReportErrors.malformed(
          DESCRIPTION,
          location.getLineNumber(),
          location.getColumnNumber(),
          "%s",
          String.format(reason, args));
    }
  }

  /** One test case as its elements are read. */
  private static final class CaseReading {
    final String suite;
    final String className;
    final String name;
    final Optional<Duration> duration;
    CaseStatus outcome = CaseStatus.PASSED;
    Optional<String> message = Optional.empty();
    BoundedText details;
    boolean passedOnRerun;
    CaseStatus rerunStatus;
    Optional<String> rerunMessage;
    BoundedText rerunDetails;
    BoundedText systemOut;
    BoundedText systemErr;

    CaseReading(String suite, String className, String name, Optional<Duration> duration) {
      this.suite = suite;
      this.className = className;
      this.name = name;
      this.duration = duration;
    }

    TestCaseResult result() {
      boolean reran = rerunMessage != null;
      CaseStatus status =
          outcome != CaseStatus.PASSED
              ? outcome
              : rerunStatus != null ? rerunStatus : CaseStatus.PASSED;
      boolean fromOutcome = outcome != CaseStatus.PASSED || !reran;
      Optional<String> shownMessage = fromOutcome ? message : rerunMessage;
      BoundedText shownDetails = fromOutcome ? details : rerunDetails;
      Optional<String> detailText = shownDetails == null ? Optional.empty() : shownDetails.value();
      if (shownMessage.isEmpty() && shownDetails != null) {
        shownMessage = shownDetails.firstLine().flatMap(BoundedText::message);
      }
      return new TestCaseResult(
          suite,
          className,
          name,
          status,
          duration,
          shownMessage,
          detailText,
          status == CaseStatus.PASSED && passedOnRerun,
          systemOut == null ? Optional.empty() : systemOut.value(),
          systemErr == null ? Optional.empty() : systemErr.value());
    }
  }

  private static BoundedText details() {
    return new BoundedText(BoundedText.Keep.BEGINNING, DETAILS_LIMIT, "the details");
  }

  private static BoundedText output(String stream) {
    return new BoundedText(BoundedText.Keep.END, OUTPUT_LIMIT, stream);
  }

  private static BoundedText cleared(BoundedText text) {
    text.clear();
    return text;
  }

  private static int rank(CaseStatus status) {
    return switch (status) {
      case PASSED -> 0;
      case SKIPPED -> 1;
      case FAILED -> 2;
      case ERRORED -> 3;
    };
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}

package dev.slipway.quickstart;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Sends the log to a file while the quickstart narrates on the terminal, so log lines do not cut
 * through the story; closing puts the log back where it went before.
 */
final class QuickstartLog implements AutoCloseable {
  private final Logger root;
  private final List<Appender<ILoggingEvent>> previous;
  private final FileAppender<ILoggingEvent> file;

  private QuickstartLog(
      Logger root, List<Appender<ILoggingEvent>> previous, FileAppender<ILoggingEvent> file) {
    this.root = root;
    this.previous = previous;
    this.file = file;
  }

  /** Redirects the log to the file; does nothing when the log is not logback's. */
  static AutoCloseable redirect(Path path) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return () -> {};
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{30} - %msg%n");
    encoder.start();
    FileAppender<ILoggingEvent> file = new FileAppender<>();
    file.setContext(context);
    file.setName("quickstart");
    file.setFile(path.toString());
    file.setAppend(true);
    file.setEncoder(encoder);
    file.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    List<Appender<ILoggingEvent>> previous = new ArrayList<>();
    root.iteratorForAppenders().forEachRemaining(previous::add);
    root.addAppender(file);
    previous.forEach(root::detachAppender);
    return new QuickstartLog(root, previous, file);
  }

  @Override
  public void close() {
    previous.forEach(root::addAppender);
    root.detachAppender(file);
    file.stop();
  }
}

package dev.slipway.target.git;

import static java.util.Objects.requireNonNull;

import dev.slipway.error.SlipwayException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value on an env-style line: {@code KEY: "value"}, {@code KEY: 'value'}, {@code KEY: value},
 * {@code KEY=value}, {@code KEY="value"}, each optionally after {@code export} and before a {@code
 * # comment}. The key must be set on exactly one line. Writing replaces only the characters of the
 * value and keeps its quotes; an unquoted value that would change meaning unquoted (a YAML number
 * after {@code :}, a space after {@code =}) is written in double quotes.
 */
public final class EnvKeyLocator implements ValueLocator {
  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  /** Characters that need no quotes after {@code =}: what a shell or dotenv reads literally. */
  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./+~:@=,%-]*");

  private static final Pattern SHELL_QUOTABLE = Pattern.compile("[^$`\\\\\"']*");

  private enum Quote {
    NONE,
    SINGLE,
    DOUBLE
  }

  /**
   * Where the value sits: its characters between {@code start} and {@code end}, quotes excluded.
   */
  private record Found(int line, char separator, Quote quote, int start, int end, String value) {}

  private final String key;
  private final Pattern prefix;

  public EnvKeyLocator(String key) {
    requireNonNull(key, "key is null");
    if (!KEY.matcher(key).matches()) {
      throw SlipwayException.invalid(
          "key",
          "key '%s' is not a variable name such as API_DOCKER_TAG (letters, digits, '_', '.', '-')",
          key);
    }
    this.key = key;
    this.prefix =
        Pattern.compile("[ \\t]*(?:export[ \\t]+)?" + Pattern.quote(key) + "[ \\t]*([:=])[ \\t]*");
  }

  public String key() {
    return key;
  }

  @Override
  public String description() {
    return key;
  }

  @Override
  public Optional<String> read(String content) {
    return find(content).map(Found::value);
  }

  @Override
  public String write(String content, String newValue) {
    requireNonNull(newValue, "newValue is null");
    Found found =
        find(content)
            .orElseThrow(
                () -> SlipwayException.invalid("key", "key %s is not set in the file", key));
    for (int i = 0; i < newValue.length(); i++) {
      char c = newValue.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw SlipwayException.invalid(
            "value",
            "value '%s' for key %s contains a line break or control character",
            newValue.replace("\n", "\\n"),
            key);
      }
    }
    String replacement =
        switch (found.quote()) {
          case DOUBLE -> escapeDouble(newValue);
          case SINGLE -> {
            if (newValue.indexOf('\'') >= 0) {
              throw SlipwayException.invalid(
                  "value",
                  "value '%s' for key %s contains a single quote, which its single-quoted value"
                      + " on line %d cannot hold",
                  newValue,
                  key,
                  found.line());
            }
            yield newValue;
          }
          case NONE -> unquoted(found, newValue, content);
        };
    return content.substring(0, found.start()) + replacement + content.substring(found.end());
  }

  private String unquoted(Found found, String newValue, String content) {
    String text;
    if (found.separator() == ':') {
      text = YamlScalars.safeAsPlain(newValue) ? newValue : YamlScalars.doubleQuoted(newValue);
    } else if (SHELL_SAFE.matcher(newValue).matches()) {
      text = newValue;
    } else if (SHELL_QUOTABLE.matcher(newValue).matches()) {
      text = '"' + newValue + '"';
    } else {
      throw SlipwayException.invalid(
          "value",
          "value '%s' for key %s contains characters ($, `, \\ or quotes) that an unquoted"
              + " KEY=value line on line %d cannot hold safely; quote the value in the file",
          newValue,
          key,
          found.line());
    }
    // "KEY:" with nothing after it: YAML needs a space between the colon and the new value.
    boolean glued =
        found.separator() == ':'
            && found.start() == found.end()
            && content.charAt(found.start() - 1) == ':';
    return glued && !text.isEmpty() ? " " + text : text;
  }

  private static String escapeDouble(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static String unescapeDouble(String raw) {
    StringBuilder value = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\'
          && i + 1 < raw.length()
          && (raw.charAt(i + 1) == '"' || raw.charAt(i + 1) == '\\')) {
        value.append(raw.charAt(++i));
      } else {
        value.append(c);
      }
    }
    return value.toString();
  }

  private Optional<Found> find(String content) {
    List<Found> found = new ArrayList<>();
    int lineStart = 0;
    int lineNumber = 1;
    while (lineStart <= content.length()) {
      int newline = content.indexOf('\n', lineStart);
      int lineEnd = newline < 0 ? content.length() : newline;
      int textEnd =
          lineEnd > lineStart && content.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
      Matcher matcher = prefix.matcher(content).region(lineStart, textEnd);
      if (matcher.lookingAt()) {
        found.add(value(content, matcher.end(), textEnd, matcher.group(1).charAt(0), lineNumber));
      }
      if (newline < 0) {
        break;
      }
      lineStart = newline + 1;
      lineNumber++;
    }
    if (found.size() > 1) {
      throw SlipwayException.invalid(
          "key",
          "key %s is set on %d lines (%s); it must be set on exactly one",
          key,
          found.size(),
          String.join(", ", found.stream().map(each -> String.valueOf(each.line())).toList()));
    }
    return found.stream().findFirst();
  }

  private Found value(String content, int start, int end, char separator, int line) {
    if (start < end && content.charAt(start) == '"') {
      int close = start + 1;
      while (close < end && content.charAt(close) != '"') {
        close += content.charAt(close) == '\\' ? 2 : 1;
      }
      requireClosed(close < end, line);
      requireOnlyComment(content, close + 1, end, line);
      return new Found(
          line,
          separator,
          Quote.DOUBLE,
          start + 1,
          close,
          unescapeDouble(content.substring(start + 1, close)));
    }
    if (start < end && content.charAt(start) == '\'') {
      int close = content.indexOf('\'', start + 1);
      requireClosed(close >= 0 && close < end, line);
      requireOnlyComment(content, close + 1, end, line);
      return new Found(
          line, separator, Quote.SINGLE, start + 1, close, content.substring(start + 1, close));
    }
    int valueEnd = start;
    for (int i = start; i < end; i++) {
      char c = content.charAt(i);
      if (c == '#' && (i == start || Character.isWhitespace(content.charAt(i - 1)))) {
        break;
      }
      if (!Character.isWhitespace(c)) {
        valueEnd = i + 1;
      }
    }
    return new Found(
        line, separator, Quote.NONE, start, valueEnd, content.substring(start, valueEnd));
  }

  private void requireClosed(boolean closed, int line) {
    if (!closed) {
      throw SlipwayException.invalid(
          "key", "the value of key %s on line %d has no closing quote", key, line);
    }
  }

  private void requireOnlyComment(String content, int from, int end, int line) {
    String rest = content.substring(from, end).strip();
    if (!rest.isEmpty() && !rest.startsWith("#")) {
      throw SlipwayException.invalid(
          "key",
          "the value of key %s on line %d is followed by '%s'; only a # comment may follow it",
          key,
          line,
          rest);
    }
  }

  @Override
  public String toString() {
    return "key " + key;
  }
}

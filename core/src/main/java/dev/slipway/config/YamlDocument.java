package dev.slipway.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML file read into a tree that remembers where every key and value was written, so problems
 * found in the tree can name a line and column. Reading collects problems (syntax errors, duplicate
 * keys, aliases) instead of stopping at the first one where the parser allows it.
 */
final class YamlDocument {
  /** A 1-based line and column. */
  record Position(int line, int column) {
    static final Position WHOLE_FILE = new Position(0, 0);
  }

  /** Deeper than any sensible configuration, shallow enough to keep reading off the stack. */
  private static final int MAX_DEPTH = 64;

  private static final YAMLFactory YAML = YAMLFactory.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonNode root;
  private final Map<FieldPath, Position> keys;
  private final Map<FieldPath, Position> values;

  private YamlDocument(
      JsonNode root, Map<FieldPath, Position> keys, Map<FieldPath, Position> values) {
    this.root = root;
    this.keys = Map.copyOf(keys);
    this.values = Map.copyOf(values);
  }

  /**
   * Reads one YAML document whose top level is a mapping. Problems go to {@code problems}; the
   * document is empty when the text cannot be read as such a mapping at all.
   */
  static Optional<YamlDocument> read(String text, ProblemList problems) {
    requireNonNull(text, "text is null");
    String content = text.startsWith("\uFEFF") ? text.substring(1) : text;
    Reader reader = new Reader(content, problems);
    try (JsonParser parser = YAML.createParser(content)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        problems.add(
            Position.WHOLE_FILE,
            FieldPath.ROOT,
            "the file is empty; it needs at least 'components' and 'environments'");
        return Optional.empty();
      }
      if (first != JsonToken.START_OBJECT) {
        problems.add(
            position(parser.currentTokenLocation()),
            FieldPath.ROOT,
            "the top level must be a mapping with 'repositories', 'components' and"
                + " 'environments', not "
                + describeToken(first));
        return Optional.empty();
      }
      JsonNode root = reader.value(parser, FieldPath.ROOT, 0);
      if (parser.nextToken() != null) {
        problems.add(
            position(parser.currentTokenLocation()),
            FieldPath.ROOT,
            "a second YAML document starts here; the configuration is one document");
      }
      return Optional.of(new YamlDocument(root, reader.keys, reader.values));
    } catch (JsonProcessingException e) {
      // Jackson wraps SnakeYAML's error, which alone knows where the problem is and what it is.
      if (e.getCause() instanceof MarkedYAMLException syntax) {
        problems.add(syntaxPosition(syntax), FieldPath.ROOT, syntaxMessage(syntax));
        return Optional.empty();
      }
      JsonLocation location = e.getLocation();
      problems.add(
          location == null ? Position.WHOLE_FILE : position(location),
          FieldPath.ROOT,
          "not valid YAML: " + e.getOriginalMessage());
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("reading YAML from memory failed", e);
    }
  }

  JsonNode root() {
    return root;
  }

  /** Where the key of the value at {@code path} was written; for a list item, the item itself. */
  Position keyPosition(FieldPath path) {
    Position key = keys.get(path);
    return key != null ? key : valuePosition(path);
  }

  /** Where the value at {@code path} starts, or failing that, where its nearest parent does. */
  Position valuePosition(FieldPath path) {
    FieldPath current = path;
    while (true) {
      Position value = values.get(current);
      if (value != null) {
        return value;
      }
      Position key = keys.get(current);
      if (key != null) {
        return key;
      }
      Optional<FieldPath> parent = current.parent();
      if (parent.isEmpty()) {
        return Position.WHOLE_FILE;
      }
      current = parent.get();
    }
  }

  /**
   * Where to point at a mapping that lacks something: at its key, or at the whole file for the top
   * level, whose first key is no better a place than any other.
   */
  Position ownerPosition(FieldPath path) {
    return path.isRoot() ? Position.WHOLE_FILE : keyPosition(path);
  }

  /** Whether a value was written at {@code path}. */
  boolean has(FieldPath path) {
    return values.containsKey(path);
  }

  private static final class Reader {
    private final String content;
    private final ProblemList problems;
    private final Map<FieldPath, Position> keys = new HashMap<>();
    private final Map<FieldPath, Position> values = new HashMap<>();

    Reader(String content, ProblemList problems) {
      this.content = content;
      this.problems = problems;
    }

    /** Reads the value whose first token the parser is on. */
    JsonNode value(JsonParser parser, FieldPath path, int depth) throws IOException {
      Position start = position(parser.currentTokenLocation());
      values.putIfAbsent(path, start);
      JsonToken token = parser.currentToken();
      if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)
          && depth >= MAX_DEPTH) {
        problems.add(start, path, "nested more than " + MAX_DEPTH + " levels deep");
        parser.skipChildren();
        return NODES.nullNode();
      }
      return switch (token) {
        case START_OBJECT -> mapping(parser, path, depth);
        case START_ARRAY -> sequence(parser, path, depth);
        case VALUE_STRING -> scalarText(parser, path, start, parser.currentTokenLocation());
        case VALUE_NUMBER_INT ->
            switch (parser.getNumberType()) {
              case INT -> NODES.numberNode(parser.getIntValue());
              case LONG -> NODES.numberNode(parser.getLongValue());
              default -> NODES.numberNode(parser.getBigIntegerValue());
            };
        case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
        case VALUE_TRUE -> NODES.booleanNode(true);
        case VALUE_FALSE -> NODES.booleanNode(false);
        case VALUE_NULL -> NODES.nullNode();
        default -> NODES.textNode(parser.getText());
      };
    }

    private ObjectNode mapping(JsonParser parser, FieldPath path, int depth) throws IOException {
      ObjectNode mapping = NODES.objectNode();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        Position keyPosition = position(parser.currentTokenLocation());
        FieldPath child = path.child(key);
        parser.nextToken();
        if (mapping.has(key)) {
          problems.add(
              keyPosition,
              child,
              String.format(
                  Locale.ROOT,
                  "duplicate key '%s'; it is already set on line %d",
                  key,
                  keys.get(child).line()));
          parser.skipChildren();
          continue;
        }
        keys.put(child, keyPosition);
        mapping.set(key, value(parser, child, depth + 1));
      }
      return mapping;
    }

    private ArrayNode sequence(JsonParser parser, FieldPath path, int depth) throws IOException {
      ArrayNode sequence = NODES.arrayNode();
      int index = 0;
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        sequence.add(value(parser, path.index(index), depth + 1));
        index++;
      }
      return sequence;
    }

    private JsonNode scalarText(
        JsonParser parser, FieldPath path, Position start, JsonLocation location)
        throws IOException {
      if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
        problems.add(
            start,
            path,
            "YAML aliases (*" + parser.getText() + ") are not supported; write the value out");
        return NODES.nullNode();
      }
      String text = parser.getText();
      if (text.isEmpty() && isPlain(location)) {
        // "key:" with nothing after it is null in YAML; the parser reports it as empty text.
        return NODES.nullNode();
      }
      return NODES.textNode(text);
    }

    /** Whether the scalar at {@code location} is written without quotes or an explicit tag. */
    private boolean isPlain(JsonLocation location) {
      long offset = location.getCharOffset();
      if (offset < 0 || offset >= content.length()) {
        return true;
      }
      char first = content.charAt((int) offset);
      return first != '"' && first != '\'' && first != '!';
    }
  }

  private static Position position(JsonLocation location) {
    return new Position(Math.max(location.getLineNr(), 0), Math.max(location.getColumnNr(), 0));
  }

  private static Position syntaxPosition(MarkedYAMLException e) {
    var mark =
        unclosedQuote(e) && e.getContextMark() != null ? e.getContextMark() : e.getProblemMark();
    return mark == null
        ? Position.WHOLE_FILE
        : new Position(mark.getLine() + 1, mark.getColumn() + 1);
  }

  /** SnakeYAML's words for what went wrong, without its echo of the line, in plainer terms. */
  private static String syntaxMessage(MarkedYAMLException e) {
    String problem = e.getProblem() == null ? "" : e.getProblem();
    String context = e.getContext() == null ? "" : e.getContext();
    if (problem.contains("\\t")) {
      return "a tab character; YAML indents with spaces only";
    }
    if (unclosedQuote(e)) {
      return "a quoted value starts here and is never closed";
    }
    if (problem.startsWith("expected <block end>")) {
      return "the indentation of this line does not match the lines above it";
    }
    if (problem.startsWith("mapping values are not allowed")) {
      return "a ':' here starts a mapping where a plain value was expected; put the value in"
          + " quotes if it contains ': ', or check the indentation";
    }
    if (problem.startsWith("could not find expected ':'")) {
      return "expected 'key: value' here; a ':' is missing, or the line above is not indented"
          + " the same way";
    }
    String plain =
        problem
            .replace("<block end>", "the end of the block")
            .replace("<block mapping start>", "a new mapping");
    return "not valid YAML: " + plain + (context.isEmpty() ? "" : " (" + context + ")");
  }

  private static boolean unclosedQuote(MarkedYAMLException e) {
    return e.getContext() != null
        && e.getContext().contains("quoted scalar")
        && e.getProblem() != null
        && e.getProblem().contains("end of stream");
  }

  private static String describeToken(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "a list";
      case VALUE_NULL -> "nothing";
      default -> "a single value";
    };
  }
}

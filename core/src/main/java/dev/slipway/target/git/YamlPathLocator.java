package dev.slipway.target.git;

import static java.util.Objects.requireNonNull;

import dev.slipway.error.SlipwayException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.scanner.ScannerImpl;
import org.yaml.snakeyaml.tokens.ScalarToken;
import org.yaml.snakeyaml.tokens.Token;

/**
 * A scalar of a YAML file found by a path: dotted keys ({@code image.tag}), list indexes ({@code
 * containers[0].image}) and list elements chosen by a field ({@code images[name=api].newTag}, as in
 * a kustomization's {@code images:}). A field value in brackets is taken literally, dots and
 * slashes included ({@code images[name=ghcr.io/cds-snc/notify-api].newTag}).
 *
 * <p>The scalar's exact characters are found through SnakeYAML's node tree and token marks, and
 * only they are replaced: comments, order, blank lines, indentation and line endings stay as they
 * were. The scalar keeps its quoting style; a plain scalar whose new value would read as something
 * else unquoted (a number, a boolean, text with {@code :} or {@code #}) is double-quoted.
 *
 * <p>In a file of several documents every document is searched and the path must match in exactly
 * one, so a Deployment and its Service can share a file. Values reached through an alias ({@code
 * *name}) and block scalars ({@code |}, {@code >}) are refused rather than guessed at.
 */
public final class YamlPathLocator implements ValueLocator {
  private sealed interface Step permits Key, Index, Select {}

  private record Key(String name) implements Step {
    @Override
    public String toString() {
      return name;
    }
  }

  private record Index(int index) implements Step {
    @Override
    public String toString() {
      return "[" + index + "]";
    }
  }

  private record Select(String field, String value) implements Step {
    @Override
    public String toString() {
      return "[" + field + "=" + value + "]";
    }
  }

  /** A node the path reached, or the step at which it stopped and why. */
  private record Walk(Node node, int failedStep, String reason) {
    static Walk found(Node node) {
      return new Walk(node, -1, "");
    }

    static Walk stopped(int step, String reason) {
      return new Walk(null, step, reason);
    }

    boolean isFound() {
      return node != null;
    }
  }

  private final String path;
  private final List<Step> steps;

  public YamlPathLocator(String path) {
    this.path = requireNonNull(path, "path is null");
    this.steps = parse(path);
  }

  public String path() {
    return path;
  }

  @Override
  public String description() {
    return path;
  }

  @Override
  public Optional<String> read(String content) {
    return locate(content).map(node -> scalar(node).getValue());
  }

  @Override
  public String write(String content, String newValue) {
    requireNonNull(newValue, "newValue is null");
    ScalarNode node = scalar(locate(content).orElseThrow(() -> missing(content)));
    List<String> candidates = new ArrayList<>();
    switch (node.getScalarStyle()) {
      case PLAIN -> {
        if (YamlScalars.safeAsPlain(newValue)) {
          candidates.add(newValue);
        }
        candidates.add(YamlScalars.doubleQuoted(newValue));
      }
      case SINGLE_QUOTED -> {
        candidates.add(YamlScalars.singleQuoted(newValue));
        candidates.add(YamlScalars.doubleQuoted(newValue));
      }
      case DOUBLE_QUOTED, JSON_SCALAR_STYLE -> candidates.add(YamlScalars.doubleQuoted(newValue));
      case LITERAL, FOLDED ->
          throw SlipwayException.invalid(
              "yamlPath",
              "yamlPath %s is a block scalar (| or >) on line %d; only plain and quoted values"
                  + " can be replaced",
              path,
              node.getStartMark().getLine() + 1);
    }
    int[] range = textRange(content, node);
    for (String candidate : candidates) {
      String result = content.substring(0, range[0]) + candidate + content.substring(range[1]);
      if (readsBack(result, newValue)) {
        return result;
      }
    }
    throw SlipwayException.invalid(
        "yamlPath",
        "value '%s' cannot be written at yamlPath %s (line %d) so that it reads back as the same"
            + " text",
        newValue,
        path,
        node.getStartMark().getLine() + 1);
  }

  private boolean readsBack(String content, String value) {
    try {
      return locate(content)
          .filter(node -> node instanceof ScalarNode scalar && scalar.getValue().equals(value))
          .filter(node -> node.getTag().equals(Tag.STR))
          .isPresent();
    } catch (SlipwayException e) {
      return false;
    }
  }

  private ScalarNode scalar(Node node) {
    if (node instanceof ScalarNode scalar) {
      return scalar;
    }
    throw SlipwayException.invalid(
        "yamlPath",
        "yamlPath %s is a %s on line %d, not a single value",
        path,
        node instanceof MappingNode ? "mapping" : "list",
        node.getStartMark().getLine() + 1);
  }

  private Optional<Node> locate(String content) {
    List<Node> found = new ArrayList<>();
    for (Node document : documents(content)) {
      Walk walk = walk(document);
      if (walk.isFound()) {
        found.add(walk.node());
      }
    }
    if (found.size() > 1) {
      throw SlipwayException.invalid(
          "yamlPath",
          "yamlPath %s matches in %d documents of the file (lines %s); it must match in exactly"
              + " one",
          path,
          found.size(),
          String.join(
              ", ",
              found.stream()
                  .map(node -> String.valueOf(node.getStartMark().getLine() + 1))
                  .toList()));
    }
    return found.stream().findFirst();
  }

  private SlipwayException missing(String content) {
    Walk deepest = Walk.stopped(0, "the file has no YAML document");
    for (Node document : documents(content)) {
      Walk walk = walk(document);
      if (deepest.failedStep() <= walk.failedStep()) {
        deepest = walk;
      }
    }
    return SlipwayException.invalid(
        "yamlPath", "yamlPath %s is not in the file: %s", path, deepest.reason());
  }

  private Walk walk(Node document) {
    Node node = document;
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      String at = i == 0 ? "the document" : "'" + prefix(i) + "'";
      if (!(step instanceof Key) && !(node instanceof SequenceNode)) {
        return Walk.stopped(i, at + " is not a list");
      }
      if (step instanceof Key key) {
        if (!(node instanceof MappingNode mapping)) {
          return Walk.stopped(i, at + " is not a mapping");
        }
        List<NodeTuple> matches =
            mapping.getValue().stream()
                .filter(tuple -> isScalar(tuple.getKeyNode(), key.name()))
                .toList();
        if (matches.isEmpty()) {
          return Walk.stopped(i, at + " has no key '" + key.name() + "'");
        }
        if (matches.size() > 1) {
          throw SlipwayException.invalid(
              "yamlPath",
              "yamlPath %s: key '%s' appears %d times in %s",
              path,
              key.name(),
              matches.size(),
              at);
        }
        NodeTuple tuple = matches.get(0);
        node = direct(tuple.getValueNode(), tuple.getKeyNode().getEndMark(), i);
      } else if (step instanceof Index index) {
        SequenceNode sequence = (SequenceNode) node;
        if (index.index() >= sequence.getValue().size()) {
          return Walk.stopped(
              i, at + " has " + sequence.getValue().size() + " elements, so no element " + index);
        }
        node = element(sequence, index.index(), i);
      } else {
        Select select = (Select) step;
        SequenceNode sequence = (SequenceNode) node;
        List<Integer> matches = new ArrayList<>();
        for (int e = 0; e < sequence.getValue().size(); e++) {
          if (hasField(sequence.getValue().get(e), select.field(), select.value())) {
            matches.add(e);
          }
        }
        if (matches.isEmpty()) {
          return Walk.stopped(
              i, at + " has no element with " + select.field() + "=" + select.value());
        }
        if (matches.size() > 1) {
          throw SlipwayException.invalid(
              "yamlPath",
              "yamlPath %s: %d elements of %s have %s=%s",
              path,
              matches.size(),
              at,
              select.field(),
              select.value());
        }
        node = element(sequence, matches.get(0), i);
      }
    }
    return Walk.found(node);
  }

  private Node element(SequenceNode sequence, int index, int step) {
    Mark after =
        index == 0 ? sequence.getStartMark() : sequence.getValue().get(index - 1).getEndMark();
    return direct(sequence.getValue().get(index), after, step);
  }

  /**
   * The node itself when it is written where the path reached it; an alias instead refers to a node
   * defined earlier in the file, and changing that would change every other use of it too.
   */
  private Node direct(Node node, Mark after, int step) {
    if (node.getStartMark().getIndex() < after.getIndex()) {
      throw SlipwayException.invalid(
          "yamlPath",
          "yamlPath %s reaches '%s' through an alias to line %d; point the path at the anchored"
              + " value instead",
          path,
          prefix(step + 1),
          node.getStartMark().getLine() + 1);
    }
    return node;
  }

  private static boolean hasField(Node element, String field, String value) {
    return element instanceof MappingNode mapping
        && mapping.getValue().stream()
            .anyMatch(
                tuple ->
                    isScalar(tuple.getKeyNode(), field) && isScalar(tuple.getValueNode(), value));
  }

  private static boolean isScalar(Node node, String value) {
    return node instanceof ScalarNode scalar && scalar.getValue().equals(value);
  }

  private String prefix(int stepCount) {
    StringBuilder text = new StringBuilder();
    for (Step step : steps.subList(0, stepCount)) {
      if (step instanceof Key && text.length() > 0) {
        text.append('.');
      }
      text.append(step);
    }
    return text.toString();
  }

  private List<Node> documents(String content) {
    LoaderOptions options = new LoaderOptions();
    List<Node> documents = new ArrayList<>();
    try {
      Composer composer =
          new Composer(new ParserImpl(new StreamReader(content), options), new Resolver(), options);
      while (composer.checkNode()) {
        Node document = composer.getNode();
        if (document != null) {
          documents.add(document);
        }
      }
    } catch (YAMLException e) {
      throw notYaml(e);
    }
    return documents;
  }

  /** The characters of the scalar's text, quotes included, anchor and tag excluded. */
  private int[] textRange(String content, ScalarNode node) {
    Map<Integer, Integer> startByEnd = new HashMap<>();
    try {
      ScannerImpl scanner = new ScannerImpl(new StreamReader(content), new LoaderOptions());
      while (!scanner.checkToken(Token.ID.StreamEnd)) {
        Token token = scanner.getToken();
        if (token instanceof ScalarToken) {
          startByEnd.put(token.getEndMark().getIndex(), token.getStartMark().getIndex());
        }
      }
    } catch (YAMLException e) {
      throw notYaml(e);
    }
    int end = node.getEndMark().getIndex();
    Integer start = startByEnd.get(end);
    if (start == null) {
      throw SlipwayException.invalid(
          "yamlPath",
          "yamlPath %s has no value on line %d to replace; write a placeholder such as \"\" there"
              + " first",
          path,
          node.getStartMark().getLine() + 1);
    }
    return new int[] {charIndex(content, start), charIndex(content, end)};
  }

  /** SnakeYAML counts code points; Java strings count UTF-16 units. */
  private static int charIndex(String content, int codePointIndex) {
    return content.offsetByCodePoints(0, codePointIndex);
  }

  private SlipwayException notYaml(YAMLException e) {
    if (e instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
      return SlipwayException.invalid(
          "yamlPath",
          "the file is not valid YAML, so yamlPath %s cannot be found: %s on line %d",
          path,
          marked.getProblem(),
          marked.getProblemMark().getLine() + 1);
    }
    return SlipwayException.invalid(
        "yamlPath",
        "the file is not valid YAML, so yamlPath %s cannot be found: %s",
        path,
        e.getMessage());
  }

  private static List<Step> parse(String path) {
    if (path.isEmpty() || !path.strip().equals(path)) {
      throw badPath(path, "it is empty or starts or ends with a space");
    }
    List<Step> steps = new ArrayList<>();
    int i = 0;
    boolean afterDot = false;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '[') {
        if (afterDot) {
          throw badPath(path, "a '.' must be followed by a key");
        }
        int close = path.indexOf(']', i);
        if (close < 0) {
          throw badPath(path, "'[' at position " + (i + 1) + " is not closed");
        }
        steps.add(bracket(path, path.substring(i + 1, close)));
        i = close + 1;
      } else if (c == '.') {
        if (steps.isEmpty() || afterDot) {
          throw badPath(path, "a key is empty");
        }
        afterDot = true;
        i++;
        continue;
      } else if (c == ']') {
        throw badPath(path, "']' at position " + (i + 1) + " has no '['");
      } else {
        if (!steps.isEmpty() && !afterDot) {
          throw badPath(path, "keys must be separated by '.'");
        }
        int end = i;
        while (end < path.length() && ".[]".indexOf(path.charAt(end)) < 0) {
          end++;
        }
        steps.add(new Key(path.substring(i, end)));
        i = end;
      }
      afterDot = false;
    }
    if (afterDot) {
      throw badPath(path, "it ends with '.'");
    }
    return List.copyOf(steps);
  }

  private static Step bracket(String path, String inside) {
    if (!inside.isEmpty() && inside.chars().allMatch(Character::isDigit)) {
      try {
        return new Index(Integer.parseInt(inside));
      } catch (NumberFormatException e) {
        throw badPath(path, "index [" + inside + "] is too large");
      }
    }
    int equals = inside.indexOf('=');
    if (equals <= 0 || equals == inside.length() - 1) {
      throw badPath(
          path, "[" + inside + "] is neither an index such as [0] nor a choice such as [name=api]");
    }
    return new Select(inside.substring(0, equals), inside.substring(equals + 1));
  }

  private static SlipwayException badPath(String path, String reason) {
    return SlipwayException.invalid(
        "yamlPath",
        "yamlPath '%s' is not a path such as image.tag, containers[0].image or"
            + " images[name=api].newTag: %s",
        path,
        reason);
  }

  @Override
  public String toString() {
    return "yamlPath " + path;
  }
}

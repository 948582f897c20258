package dev.slipway.config;

import static java.util.stream.Collectors.joining;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates a document against {@link ConfigSchema} and says what is wrong in the words of the file
 * rather than of JSON Schema: "unknown key 'fiel' (did you mean 'file'?)" instead of "property
 * 'fiel' is not defined in the schema".
 */
final class SchemaProblems {
  private static final String NAME_RULE =
      "lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63"
          + " characters";

  /** What a value that fails a pattern should have looked like, by the schema part that says so. */
  private static final Map<String, String> PATTERN_MESSAGES =
      Map.of(
          "/$defs/name",
          "%s is not a valid name: use " + NAME_RULE,
          "/$defs/duration",
          "%s is not a duration such as 250ms, 30s, 5m, 1h30m or 1d",
          "/$defs/httpCheck/properties/url",
          "%s is not an http:// or https:// URL",
          "/$defs/httpCheck/properties/versionPointer",
          "%s is not a JSON pointer such as /commit_sha",
          "/$defs/repository/properties/author/properties/email",
          "%s is not an email address",
          "/$defs/component/properties/paths/items",
          "%s is not a path inside the repository such as api/ (no leading '/', no '.' or '..'"
              + " parts)");

  private SchemaProblems() {}

  static void check(YamlDocument document, ProblemList problems) {
    for (ValidationMessage message : ConfigSchema.validator().validate(document.root())) {
      if (insideAlternative(message.getEvaluationPath())) {
        // The failed oneOf itself is reported in plain words; its branches' reasons are noise.
        continue;
      }
      report(message, document, problems);
    }
  }

  private static void report(
      ValidationMessage message, YamlDocument document, ProblemList problems) {
    FieldPath at = FieldPath.of(message.getInstanceLocation());
    JsonNode schema = message.getSchemaNode();
    JsonNode value = message.getInstanceNode();
    switch (message.getType()) {
      case "additionalProperties" -> {
        FieldPath key = at.child(message.getProperty());
        problems.add(
            document.keyPosition(key), key, unknownKey(message.getProperty(), knownKeys(message)));
      }
      case "propertyNames" -> {
        FieldPath key = at.child(message.getProperty());
        problems.add(
            document.keyPosition(key),
            key,
            quote(message.getProperty()) + " is not a valid name: use " + NAME_RULE);
      }
      case "required" -> {
        FieldPath missing = at.child(message.getProperty());
        problems.add(document.ownerPosition(at), missing, "required but missing");
      }
      case "type" -> {
        String form = PATTERN_MESSAGES.get(owner(message.getSchemaLocation().getFragment()));
        if (form != null && value.isValueNode() && !value.isNull()) {
          // "bakeTime: 10" is a duration without its unit more than it is a number.
          problems.add(
              document.valuePosition(at), at, String.format(Locale.ROOT, form, describe(value)));
        } else {
          // An empty value has no text to point at; its key says where it is.
          problems.add(
              value.isNull() ? document.keyPosition(at) : document.valuePosition(at),
              at,
              wrongType(schema, value));
        }
      }
      case "enum" ->
          problems.add(
              document.valuePosition(at),
              at,
              "must be one of " + list(schema, ", ", "or ") + ", not " + describe(value));
      case "pattern" -> {
        String form = PATTERN_MESSAGES.get(owner(message.getSchemaLocation().getFragment()));
        problems.add(
            document.valuePosition(at),
            at,
            form != null
                ? String.format(Locale.ROOT, form, describe(value))
                : describe(value) + " does not have the expected form " + schema.asText());
      }
      case "minimum" ->
          problems.add(
              document.valuePosition(at),
              at,
              "must be at least " + schema.asText() + ", not " + describe(value));
      case "maximum" ->
          problems.add(
              document.valuePosition(at),
              at,
              "must be at most " + schema.asText() + ", not " + describe(value));
      case "minLength" -> problems.add(document.valuePosition(at), at, "must not be empty");
      case "minItems" ->
          problems.add(document.keyPosition(at), at, "needs at least " + entries(schema.asInt()));
      case "minProperties" ->
          problems.add(document.keyPosition(at), at, "needs at least " + entries(schema.asInt()));
      case "oneOf" -> problems.add(document.ownerPosition(at), at, oneOf(message, schema));
      default -> problems.add(document.valuePosition(at), at, plain(message));
    }
  }

  /** Whether a message comes from inside one branch of a oneOf or anyOf. */
  private static boolean insideAlternative(JsonNodePath evaluationPath) {
    for (int i = 0; i < evaluationPath.getNameCount() - 1; i++) {
      String name = evaluationPath.getName(i);
      if (name.equals("oneOf") || name.equals("anyOf")) {
        return true;
      }
    }
    return false;
  }

  private static String unknownKey(String key, Set<String> known) {
    StringBuilder text = new StringBuilder("unknown key ").append(quote(key));
    Suggestions.closest(key, known)
        .ifPresent(
            suggestion -> text.append(" (did you mean ").append(quote(suggestion)).append("?)"));
    if (known.contains("tokenEnv")
        && key.toLowerCase(Locale.ROOT).matches(".*(token|password|secret).*")) {
      text.append(
          "; secrets are never written in slipway.yaml: name the environment variable that"
              + " holds the token with tokenEnv, or the file with tokenFile");
    }
    if (known.isEmpty()) {
      return text.append("; nothing may be set here").toString();
    }
    return text.append("; expected one of: ").append(String.join(", ", known)).toString();
  }

  /** The keys the schema part that refused a key does allow, in name order. */
  private static Set<String> knownKeys(ValidationMessage message) {
    String owner = owner(message.getSchemaLocation().getFragment());
    JsonNode properties = ConfigSchema.tree().at(owner).path("properties");
    Set<String> known = new TreeSet<>();
    properties.fieldNames().forEachRemaining(known::add);
    return known;
  }

  /** The JSON pointer of the schema object that holds the keyword at {@code keyword}. */
  private static String owner(JsonNodePath keyword) {
    StringBuilder pointer = new StringBuilder();
    for (int i = 0; i < keyword.getNameCount() - 1; i++) {
      pointer.append('/').append(keyword.getName(i).replace("~", "~0").replace("/", "~1"));
    }
    return pointer.toString();
  }

  private static String oneOf(ValidationMessage message, JsonNode alternatives) {
    List<String> required = new ArrayList<>();
    for (JsonNode alternative : alternatives) {
      JsonNode names = alternative.path("required");
      if (alternative.size() != 1 || names.size() != 1) {
        return plain(message);
      }
      required.add(names.get(0).asText());
    }
    Object[] arguments = message.getArguments();
    boolean none = arguments.length > 0 && "0".equals(String.valueOf(arguments[0]));
    return none
        ? "needs one of " + String.join(" or ", required)
        : "set only one of " + String.join(" or ", required);
  }

  private static String wrongType(JsonNode schema, JsonNode value) {
    String expected = typeName(schema.asText());
    if (value.isNull()) {
      return "must be "
          + expected
          + " but has no value"
          + (schema.asText().equals("object") ? "; write {} when there is nothing to set" : "");
    }
    String text = "must be " + expected + ", not " + describe(value);
    if ((value.isNumber() || value.isBoolean()) && schema.asText().equals("string")) {
      return text + "; put the value in quotes";
    }
    return text;
  }

  private static String typeName(String jsonType) {
    return switch (jsonType) {
      case "object" -> "a mapping";
      case "array" -> "a list";
      case "string" -> "text";
      case "integer" -> "a whole number";
      case "number" -> "a number";
      case "boolean" -> "true or false";
      default -> jsonType;
    };
  }

  /** A value as it would be written, quoted when it is text. */
  static String describe(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "nothing";
    }
    if (value.isObject()) {
      return "a mapping";
    }
    if (value.isArray()) {
      return "a list";
    }
    if (value.isTextual()) {
      return value.asText().isEmpty() ? "an empty value" : quote(value.asText());
    }
    return value.asText();
  }

  private static String list(JsonNode values, String separator, String last) {
    List<String> words = new ArrayList<>();
    values.forEach(value -> words.add(value.asText()));
    if (words.size() < 2) {
      return String.join(separator, words);
    }
    return words.subList(0, words.size() - 1).stream().collect(joining(separator))
        + " "
        + last
        + words.get(words.size() - 1);
  }

  private static String entries(int count) {
    return count == 1 ? "one entry" : count + " entries";
  }

  /** A validator message without the instance path it starts with, which the problem has. */
  private static String plain(ValidationMessage message) {
    String text = message.getMessage();
    int colon = text.indexOf(": ");
    return colon >= 0 ? text.substring(colon + 2) : text;
  }

  private static String quote(String text) {
    return "'" + text + "'";
  }
}

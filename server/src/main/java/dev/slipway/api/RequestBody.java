package dev.slipway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.error.SlipwayException;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A JSON request body read strictly: it must be an object, every field must be one the endpoint
 * knows, and each field has the type asked for. Errors name the field.
 */
final class RequestBody {
  private final ObjectNode body;

  private RequestBody(ObjectNode body) {
    this.body = body;
  }

  /** Reads the body; an empty body counts as {@code {}} when every field is optional. */
  static RequestBody read(Context context, Set<String> allowed) {
    String text = context.body();
    JsonNode node;
    if (text.isBlank()) {
      node = Json.mapper().createObjectNode();
    } else {
      try {
        node = Json.mapper().readTree(text);
      } catch (JsonProcessingException e) {
        throw SlipwayException.invalid(
            "body",
            "the request body is not JSON: %s at line %d, column %d",
            e.getOriginalMessage(),
            e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
            e.getLocation() == null ? 0 : e.getLocation().getColumnNr());
      }
    }
    if (!(node instanceof ObjectNode object)) {
      throw SlipwayException.invalid("body", "the request body must be a JSON object");
    }
    Set<String> unknown = new TreeSet<>();
    object.fieldNames().forEachRemaining(unknown::add);
    unknown.removeAll(allowed);
    if (!unknown.isEmpty()) {
      throw SlipwayException.invalid(
          unknown.iterator().next(),
          "unknown field%s %s; this endpoint takes %s",
          unknown.size() == 1 ? "" : "s",
          unknown,
          new TreeSet<>(allowed));
    }
    return new RequestBody(object);
  }

  String requireText(String field) {
    return optionalText(field)
        .orElseThrow(() -> SlipwayException.invalid(field, "'%s' is required", field));
  }

  Optional<String> optionalText(String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw SlipwayException.invalid(field, "'%s' must be a string", field);
    }
    String text = value.asText().trim();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  /** A true/false field; false when absent. */
  boolean optionalFlag(String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw SlipwayException.invalid(field, "'%s' must be true or false", field);
    }
    return value.asBoolean();
  }

  boolean has(String field) {
    return body.hasNonNull(field);
  }

  Optional<Long> optionalPositiveLong(String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.canConvertToExactIntegral() || value.asLong() < 1) {
      throw SlipwayException.invalid(field, "'%s' must be a positive whole number", field);
    }
    return Optional.of(value.asLong());
  }

  List<String> requireTextList(String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      throw SlipwayException.invalid(field, "'%s' is required", field);
    }
    if (!value.isArray()) {
      throw SlipwayException.invalid(field, "'%s' must be a list of strings", field);
    }
    List<String> items = new ArrayList<>();
    Iterator<JsonNode> elements = value.elements();
    int index = 0;
    while (elements.hasNext()) {
      JsonNode element = elements.next();
      if (!element.isTextual()) {
        throw SlipwayException.invalid(
            field + "[" + index + "]", "'%s[%d]' must be a string", field, index);
      }
      items.add(element.asText().trim());
      index++;
    }
    return items;
  }
}

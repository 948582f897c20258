package dev.slipway.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.error.SlipwayException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The export format of the audit record: one JSON object per line, with every field the hash covers
 * written exactly as stored ({@code details} as the JSON text that was hashed), so an exported file
 * can be verified on its own, away from the database.
 */
public final class AuditJsonLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditJsonLines() {}

  public static String write(AuditEvent event) {
    ObjectNode line = JSON.createObjectNode();
    line.put("sequence", event.sequence());
    line.put("occurredAt", event.occurredAt().toString());
    line.put("actor", event.actor());
    line.put("action", event.action());
    line.put("subject", event.subject());
    line.put("details", event.details());
    line.put("previousHash", event.previousHash());
    line.put("hash", event.hash());
    try {
      return JSON.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an audit event could not be written as JSON", e);
    }
  }

  /**
   * Reads one line of an export.
   *
   * @param lineNumber the line's number in its file, named in errors
   */
  public static AuditEvent read(String line, long lineNumber) {
    try {
      JsonNode node = JSON.readTree(line);
      return new AuditEvent(
          required(node, "sequence", lineNumber).asLong(),
          Instant.parse(required(node, "occurredAt", lineNumber).asText()),
          required(node, "actor", lineNumber).asText(),
          required(node, "action", lineNumber).asText(),
          required(node, "subject", lineNumber).asText(),
          required(node, "details", lineNumber).asText(),
          required(node, "previousHash", lineNumber).asText(),
          required(node, "hash", lineNumber).asText());
    } catch (JsonProcessingException e) {
      throw SlipwayException.invalid(
          "line " + lineNumber, "line %d is not JSON: %s", lineNumber, e.getOriginalMessage());
    } catch (DateTimeParseException e) {
      throw SlipwayException.invalid(
          "line " + lineNumber, "line %d: occurredAt is not an ISO-8601 time", lineNumber);
    }
  }

  private static JsonNode required(JsonNode node, String field, long lineNumber) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || value.isNull()) {
      throw SlipwayException.invalid(
          "line " + lineNumber, "line %d has no '%s'", lineNumber, field);
    }
    return value;
  }
}

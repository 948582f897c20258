package dev.slipway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.api.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Prints results: tables and sentences for people, the API's JSON for scripts. */
final class Printer {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z").withZone(ZoneId.systemDefault());

  private final PrintWriter out;

  Printer(PrintWriter out) {
    this.out = out;
  }

  void json(JsonNode node) {
    try {
      out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    out.flush();
  }

  void line(String text) {
    out.println(text);
    out.flush();
  }

  /** Prints rows as columns aligned under a header. */
  void table(List<String> header, List<List<String>> rows) {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    int[] widths = new int[header.size()];
    for (List<String> row : all) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        line.append(cell);
        if (i < row.size() - 1) {
          line.append(" ".repeat(widths[i] - cell.length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }

  static String time(JsonNode node, String field) {
    String text = text(node, field);
    return text.isEmpty() ? "" : TIME.format(Instant.parse(text));
  }

  /** "3m ago", "2h ago", "4d ago": how long since an ISO time. */
  static String ago(JsonNode node, String field, Instant now) {
    String text = text(node, field);
    if (text.isEmpty()) {
      return "";
    }
    Duration since = Duration.between(Instant.parse(text), now);
    if (since.toDays() > 0) {
      return since.toDays() + "d ago";
    }
    if (since.toHours() > 0) {
      return since.toHours() + "h ago";
    }
    if (since.toMinutes() > 0) {
      return since.toMinutes() + "m ago";
    }
    return Math.max(0, since.toSeconds()) + "s ago";
  }

  /** One step-log line: time, severity, message. */
  static String step(JsonNode step) {
    return time(step, "at") + "  " + text(step, "severity") + "  " + text(step, "message");
  }

  /** One gate decision: {@code waiting release window: ... release window opens Mon 09:00}. */
  static String gate(JsonNode gate) {
    return verdictWord(text(gate, "verdict"))
        + "  "
        + text(gate, "description")
        + ": "
        + text(gate, "reason")
        + (gate.hasNonNull("link") ? " (" + text(gate, "link") + ")" : "");
  }

  /**
   * What a pending promotion waits on, from its gate decisions: {@code waiting: release window
   * opens Mon 09:00 America/Toronto}; empty when no gate holds it.
   */
  static String waiting(JsonNode promotion) {
    JsonNode gates = promotion.get("gates");
    if (gates == null || !"PENDING".equals(text(promotion, "phase"))) {
      return "";
    }
    List<String> reasons = new ArrayList<>();
    for (JsonNode gate : gates) {
      if (!"PASS".equals(text(gate, "verdict"))) {
        reasons.add(verdictWord(text(gate, "verdict")) + ": " + text(gate, "reason"));
      }
    }
    return String.join("; ", reasons);
  }

  private static String verdictWord(String verdict) {
    return switch (verdict) {
      case "PASS" -> "passed";
      case "WAIT" -> "waiting";
      case "BLOCK" -> "blocked";
      default -> verdict.toLowerCase(java.util.Locale.ROOT);
    };
  }

  static String actor(JsonNode actor) {
    if (actor == null || actor.isNull()) {
      return "";
    }
    String email = text(actor, "email");
    return email.isEmpty() ? text(actor, "name") : email;
  }
}

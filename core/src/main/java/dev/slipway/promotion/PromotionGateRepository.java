package dev.slipway.promotion;

import static java.util.Objects.requireNonNull;

import dev.slipway.gate.GateVerdict;
import dev.slipway.storage.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Reads and writes the latest gate decisions of promotions. */
public final class PromotionGateRepository {
  private static final String COLUMNS =
      "promotion_id, gate_index, description, verdict, reason, link, recheck_at, evaluated_at";

  private final Jdbi jdbi;

  public PromotionGateRepository(Jdbi jdbi) {
    this.jdbi = requireNonNull(jdbi, "jdbi is null");
  }

  /** The decisions last stored for a promotion, in gate order; empty when it never waited. */
  public List<PromotionGate> listGates(long promotionId) {
    return jdbi.withHandle(handle -> listGates(handle, promotionId));
  }

  List<PromotionGate> listGates(Handle handle, long promotionId) {
    return handle
        .createQuery(
            "SELECT "
                + COLUMNS
                + " FROM promotion_gates WHERE promotion_id = :id ORDER BY gate_index")
        .bind("id", promotionId)
        .map((rows, context) -> read(rows))
        .list();
  }

  /** The decisions of several promotions at once, by promotion id. */
  public Map<Long, List<PromotionGate>> listGates(Collection<Long> promotionIds) {
    Map<Long, List<PromotionGate>> result = new LinkedHashMap<>();
    if (promotionIds.isEmpty()) {
      return result;
    }
    jdbi.useHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM promotion_gates WHERE promotion_id IN (<ids>)"
                        + " ORDER BY promotion_id, gate_index")
                .bindList("ids", List.copyOf(promotionIds))
                .map((rows, context) -> Map.entry(rows.getLong("promotion_id"), read(rows)))
                .forEach(
                    entry ->
                        result
                            .computeIfAbsent(entry.getKey(), id -> new ArrayList<>())
                            .add(entry.getValue())));
    return result;
  }

  /** Replaces the decisions of a promotion with the latest ones. */
  void replace(Handle handle, long promotionId, List<PromotionGate> gates) {
    handle
        .createUpdate("DELETE FROM promotion_gates WHERE promotion_id = :id")
        .bind("id", promotionId)
        .execute();
    for (PromotionGate gate : gates) {
      handle
          .createUpdate(
              "INSERT INTO promotion_gates ("
                  + COLUMNS
                  + ") VALUES (:id, :index, :description, :verdict, :reason, :link, :recheckAt,"
                  + " :evaluatedAt)")
          .bind("id", promotionId)
          .bind("index", gate.index())
          .bind("description", gate.description())
          .bind("verdict", gate.verdict().name())
          .bind("reason", gate.reason())
          .bind("link", gate.link().orElse(null))
          .bind("recheckAt", gate.recheckAt().orElse(null))
          .bind("evaluatedAt", gate.evaluatedAt())
          .execute();
    }
  }

  private static PromotionGate read(ResultSet rows) throws SQLException {
    return new PromotionGate(
        rows.getInt("gate_index"),
        rows.getString("description"),
        GateVerdict.valueOf(rows.getString("verdict")),
        rows.getString("reason"),
        Rows.optionalString(rows, "link"),
        Rows.optionalInstant(rows, "recheck_at"),
        Rows.instant(rows, "evaluated_at"));
  }
}

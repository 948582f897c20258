package dev.slipway.promotion;

import dev.slipway.check.CheckOutcome;
import dev.slipway.component.ComponentName;
import dev.slipway.storage.Rows;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** What promotions wrote to their targets and how their checks stand. */
final class VerificationRepository {
  void insertTargets(Handle handle, long promotionId, List<AppliedTarget> targets) {
    for (AppliedTarget target : targets) {
      handle
          .createUpdate(
              "INSERT INTO promotion_targets (promotion_id, component, target_index, description,"
                  + " new_value, previous_value) VALUES (:id, :component, :index, :description,"
                  + " :newValue, :previousValue)")
          .bind("id", promotionId)
          .bind("component", target.component().value())
          .bind("index", target.index())
          .bind("description", target.description())
          .bind("newValue", target.newValue())
          .bind("previousValue", target.previousValue().orElse(null))
          .execute();
    }
  }

  List<AppliedTarget> listTargets(Handle handle, long promotionId) {
    return handle
        .createQuery(
            "SELECT * FROM promotion_targets WHERE promotion_id = :id"
                + " ORDER BY component, target_index")
        .bind("id", promotionId)
        .map(
            (rows, context) ->
                new AppliedTarget(
                    ComponentName.of(rows.getString("component")),
                    rows.getInt("target_index"),
                    rows.getString("description"),
                    rows.getString("new_value"),
                    Rows.optionalString(rows, "previous_value")))
        .list();
  }

  /** Forgets check progress, so a new stage of verification counts from zero. */
  void resetChecks(Handle handle, long promotionId) {
    handle
        .createUpdate("DELETE FROM promotion_checks WHERE promotion_id = :id")
        .bind("id", promotionId)
        .execute();
  }

  List<CheckState> listChecks(Handle handle, long promotionId) {
    return handle
        .createQuery(
            "SELECT * FROM promotion_checks WHERE promotion_id = :id ORDER BY component,"
                + " check_index")
        .bind("id", promotionId)
        .map(
            (rows, context) ->
                new CheckState(
                    ComponentName.of(rows.getString("component")),
                    rows.getInt("check_index"),
                    rows.getString("description"),
                    rows.getInt("consecutive_failures"),
                    Rows.optionalInstant(rows, "last_run_at"),
                    Rows.optionalString(rows, "last_outcome").map(CheckOutcome::valueOf),
                    Rows.optionalString(rows, "last_detail")))
        .list();
  }

  void saveCheck(Handle handle, long promotionId, CheckState state) {
    int updated =
        handle
            .createUpdate(
                "UPDATE promotion_checks SET description = :description,"
                    + " consecutive_failures = :failures, last_run_at = :at,"
                    + " last_outcome = :outcome, last_detail = :detail"
                    + " WHERE promotion_id = :id AND component = :component"
                    + " AND check_index = :index")
            .bindMap(checkParameters(promotionId, state))
            .execute();
    if (updated == 0) {
      handle
          .createUpdate(
              "INSERT INTO promotion_checks (promotion_id, component, check_index, description,"
                  + " consecutive_failures, last_run_at, last_outcome, last_detail) VALUES (:id,"
                  + " :component, :index, :description, :failures, :at, :outcome, :detail)")
          .bindMap(checkParameters(promotionId, state))
          .execute();
    }
  }

  private static java.util.Map<String, Object> checkParameters(long promotionId, CheckState state) {
    java.util.Map<String, Object> parameters = new java.util.HashMap<>();
    parameters.put("id", promotionId);
    parameters.put("component", state.component().value());
    parameters.put("index", state.index());
    parameters.put("description", state.description());
    parameters.put("failures", state.consecutiveFailures());
    parameters.put("at", state.lastRunAt().orElse(null));
    parameters.put("outcome", state.lastOutcome().map(Enum::name).orElse(null));
    parameters.put("detail", state.lastDetail().orElse(null));
    return parameters;
  }

  static Optional<Instant> lastRun(List<CheckState> states, ComponentName component, int index) {
    return find(states, component, index).flatMap(CheckState::lastRunAt);
  }

  static Optional<CheckState> find(List<CheckState> states, ComponentName component, int index) {
    return states.stream()
        .filter(state -> state.component().equals(component) && state.index() == index)
        .findFirst();
  }
}

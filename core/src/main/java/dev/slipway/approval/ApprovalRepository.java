package dev.slipway.approval;

import static java.util.Objects.requireNonNull;

import dev.slipway.identity.Actor;
import dev.slipway.storage.Rows;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Reads and writes approvals of promotions. */
public final class ApprovalRepository {
  private final Jdbi jdbi;

  public ApprovalRepository(Jdbi jdbi) {
    this.jdbi = requireNonNull(jdbi, "jdbi is null");
  }

  Jdbi jdbi() {
    return jdbi;
  }

  /** The approvals of a promotion, oldest first. */
  public List<Approval> listApprovals(long promotionId) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT * FROM approvals WHERE promotion_id = :id ORDER BY approved_at,"
                        + " approved_by_email")
                .bind("id", promotionId)
                .map(
                    (rows, context) ->
                        new Approval(
                            rows.getLong("promotion_id"),
                            Actor.of(
                                rows.getString("approved_by_name"),
                                rows.getString("approved_by_email")),
                            Rows.optionalString(rows, "reason"),
                            Rows.instant(rows, "approved_at")))
                .list());
  }

  /** Records an approval; false when this person already approved the promotion. */
  boolean insert(Handle handle, Approval approval) {
    String email = approval.approvedBy().email().orElseThrow().toLowerCase(Locale.ROOT);
    boolean exists =
        handle
                .createQuery(
                    "SELECT COUNT(*) FROM approvals WHERE promotion_id = :id"
                        + " AND approved_by_email = :email")
                .bind("id", approval.promotionId())
                .bind("email", email)
                .mapTo(Integer.class)
                .one()
            > 0;
    if (exists) {
      return false;
    }
    handle
        .createUpdate(
            "INSERT INTO approvals (promotion_id, approved_by_email, approved_by_name, reason,"
                + " approved_at) VALUES (:id, :email, :name, :reason, :at)")
        .bind("id", approval.promotionId())
        .bind("email", email)
        .bind("name", approval.approvedBy().name())
        .bind("reason", approval.reason().orElse(null))
        .bind("at", approval.at())
        .execute();
    return true;
  }
}

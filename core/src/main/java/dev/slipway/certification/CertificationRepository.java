package dev.slipway.certification;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import dev.slipway.identity.Actor;
import dev.slipway.storage.Rows;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Reads and writes certifications, one per component, commit and owner. */
public final class CertificationRepository {
  private static final RowMapper<Certification> MAPPER =
      (rows, context) ->
          new Certification(
              ComponentName.of(rows.getString("component")),
              CommitSha.of(rows.getString("commit_sha")),
              rows.getString("owner"),
              CertificationStatus.valueOf(rows.getString("status")),
              Rows.optionalString(rows, "reason"),
              Actor.of(rows.getString("recorded_by_name"), rows.getString("recorded_by_email")),
              rows.getBoolean("on_behalf"),
              Rows.instant(rows, "recorded_at"));

  private final Jdbi jdbi;

  public CertificationRepository(Jdbi jdbi) {
    this.jdbi = requireNonNull(jdbi, "jdbi is null");
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /** Records an owner's word on a commit, replacing what they said before. */
  public void record(Handle handle, Certification certification) {
    remove(handle, certification.component(), certification.commit(), certification.owner());
    handle
        .createUpdate(
            "INSERT INTO certifications (component, commit_sha, owner, status, reason,"
                + " recorded_by_name, recorded_by_email, on_behalf, recorded_at) VALUES"
                + " (:component, :commit, :owner, :status, :reason, :name, :email, :onBehalf,"
                + " :at)")
        .bind("component", certification.component().value())
        .bind("commit", certification.commit().value())
        .bind("owner", certification.owner())
        .bind("status", certification.status().name())
        .bind("reason", certification.reason().orElse(null))
        .bind("name", certification.recordedBy().name())
        .bind("email", certification.recordedBy().email().orElse(null))
        .bind("onBehalf", certification.onBehalf())
        .bind("at", certification.recordedAt())
        .execute();
  }

  /** Removes an owner's word on a commit; true when there was one. */
  public boolean remove(Handle handle, ComponentName component, CommitSha commit, String owner) {
    return handle
            .createUpdate(
                "DELETE FROM certifications WHERE component = :component AND commit_sha = :commit"
                    + " AND owner = :owner")
            .bind("component", component.value())
            .bind("commit", commit.value())
            .bind("owner", owner)
            .execute()
        > 0;
  }

  /** Every certification and hold of the given commits of a component. */
  public List<Certification> list(
      Handle handle, ComponentName component, Collection<CommitSha> commits) {
    if (commits.isEmpty()) {
      return List.of();
    }
    return handle
        .createQuery(
            "SELECT * FROM certifications WHERE component = :component"
                + " AND commit_sha IN (<commits>) ORDER BY recorded_at, owner")
        .bind("component", component.value())
        .bindList("commits", commits.stream().map(CommitSha::value).toList())
        .map(MAPPER)
        .list();
  }

  /** For tests and notes: everything recorded about one commit. */
  public List<Certification> list(ComponentName component, CommitSha commit) {
    return jdbi.withHandle(handle -> list(handle, component, List.of(commit)));
  }
}

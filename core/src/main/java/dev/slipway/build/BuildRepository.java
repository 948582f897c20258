package dev.slipway.build;

import static java.util.Objects.requireNonNull;

import dev.slipway.component.ComponentName;
import dev.slipway.error.SlipwayException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Finds registered builds. */
public final class BuildRepository {
  private final Jdbi jdbi;

  public BuildRepository(Jdbi jdbi) {
    this.jdbi = requireNonNull(jdbi, "jdbi is null");
  }

  public Optional<Build> findBuild(ComponentName component, CommitSha commit) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT * FROM builds WHERE component = :component AND commit_sha = :commit")
                .bind("component", component.value())
                .bind("commit", commit.value())
                .map(BuildRows.MAPPER)
                .findOne());
  }

  public Build getBuild(BuildRef ref) {
    return findBuild(ref.component(), ref.commit())
        .orElseThrow(
            () ->
                SlipwayException.notFound(
                    "build %s is not registered; register it first (slipway build register)", ref));
  }

  public Optional<Build> findBuild(long id) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT * FROM builds WHERE id = :id")
                .bind("id", id)
                .map(BuildRows.MAPPER)
                .findOne());
  }

  /** The most recent builds, newest first, of one component or of all. */
  public List<Build> listBuilds(Optional<ComponentName> component, int limit) {
    String where = component.isPresent() ? " WHERE component = :component" : "";
    return jdbi.withHandle(
        handle -> {
          var query =
              handle
                  .createQuery(
                      "SELECT * FROM builds"
                          + where
                          + " ORDER BY id DESC FETCH FIRST :limit ROWS ONLY")
                  .bind("limit", limit);
          component.ifPresent(name -> query.bind("component", name.value()));
          return query.map(BuildRows.MAPPER).list();
        });
  }
}

package dev.slipway.certification;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.CommitSha;
import dev.slipway.component.ComponentName;
import dev.slipway.identity.Actor;
import java.time.Instant;
import java.util.Optional;

/**
 * An owner's word on one commit of one component. It belongs to the commit, not to a release, so
 * every release that brings the commit finds it.
 *
 * @param component the component
 * @param commit the commit
 * @param owner the owner's key (see {@link Owner#key()})
 * @param status certified or held
 * @param reason why it is held, or why a delegate recorded it
 * @param recordedBy who recorded it: the owner, or a delegate on the owner's behalf
 * @param onBehalf true when a delegate recorded it for the owner
 * @param recordedAt when
 */
public record Certification(
    ComponentName component,
    CommitSha commit,
    String owner,
    CertificationStatus status,
    Optional<String> reason,
    Actor recordedBy,
    boolean onBehalf,
    Instant recordedAt) {
  public Certification {
    requireNonNull(component, "component is null");
    requireNonNull(commit, "commit is null");
    requireNonNull(owner, "owner is null");
    requireNonNull(status, "status is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(recordedBy, "recordedBy is null");
    requireNonNull(recordedAt, "recordedAt is null");
  }

  /** {@code certified by Alice <alice@...>} or {@code held by ... on behalf of bob@...: reason}. */
  public String describe() {
    return (status == CertificationStatus.CERTIFIED ? "certified" : "held")
        + " by "
        + recordedBy
        + (onBehalf ? " on behalf of " + owner : "")
        + reason.map(text -> ": " + text).orElse("");
  }
}

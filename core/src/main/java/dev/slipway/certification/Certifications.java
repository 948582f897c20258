package dev.slipway.certification;

import static java.util.Objects.requireNonNull;

import dev.slipway.audit.AuditLog;
import dev.slipway.build.Build;
import dev.slipway.build.CommitSha;
import dev.slipway.change.ChangeCommit;
import dev.slipway.change.ChangeSet;
import dev.slipway.config.ReleaseConfig;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.environment.EnvironmentRepository;
import dev.slipway.environment.RunningBuild;
import dev.slipway.error.SlipwayException;
import dev.slipway.identity.Actor;
import dev.slipway.identity.Roles;
import dev.slipway.promotion.Promotion;
import dev.slipway.promotion.PromotionPhase;
import dev.slipway.promotion.PromotionRepository;
import dev.slipway.release.ChangeReader;
import dev.slipway.release.Release;
import dev.slipway.release.ReleaseRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * Certifies, holds and reviews the commits releases bring. People act only on commits they own; a
 * holder of the role {@code releases.delegateRole} names may act for an owner, with a reason,
 * recorded as such. Each change is audited and signals the gates of the release's environment.
 */
public final class Certifications {
  private static final Pattern FULL_SHA = Pattern.compile("[0-9a-fA-F]{40}");

  private final CertificationRepository certifications;
  private final ReleaseRepository releases;
  private final PromotionRepository promotions;
  private final EnvironmentRepository environments;
  private final ChangeReader changes;
  private final Owners owners;
  private final ReleaseConfig config;
  private final Roles roles;
  private final AuditLog audit;
  private final Clock clock;
  private final Consumer<EnvironmentName> gatesChanged;

  /**
   * @param gatesChanged told, after each change commits, that the certification gate of an
   *     environment may answer differently now
   */
  public Certifications(
      CertificationRepository certifications,
      ReleaseRepository releases,
      PromotionRepository promotions,
      EnvironmentRepository environments,
      ChangeReader changes,
      ReleaseConfig config,
      Roles roles,
      AuditLog audit,
      Clock clock,
      Consumer<EnvironmentName> gatesChanged) {
    this.certifications = requireNonNull(certifications, "certifications is null");
    this.releases = requireNonNull(releases, "releases is null");
    this.promotions = requireNonNull(promotions, "promotions is null");
    this.environments = requireNonNull(environments, "environments is null");
    this.changes = requireNonNull(changes, "changes is null");
    this.config = requireNonNull(config, "config is null");
    this.roles = requireNonNull(roles, "roles is null");
    this.owners = new Owners(config);
    this.audit = requireNonNull(audit, "audit is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.gatesChanged = requireNonNull(gatesChanged, "gatesChanged is null");
  }

  public Owners owners() {
    return owners;
  }

  /**
   * Where the certification of a release stands: against what runs in its environment now, or, once
   * a promotion of the release has started, against what ran before that promotion, so that a
   * shipped release keeps the changes it shipped.
   */
  public Review review(long release) {
    return certifications
        .jdbi()
        .withHandle(handle -> review(handle, releases.getRelease(handle, release)));
  }

  private Review review(Handle handle, Release release) {
    Optional<Promotion> started =
        promotions.listForRelease(handle, release.id()).stream()
            .filter(promotion -> promotion.phase() != PromotionPhase.CANCELLED)
            .findFirst()
            .filter(promotion -> promotion.phase() != PromotionPhase.PENDING);
    return review(
        handle,
        release.environment(),
        release.builds(),
        build ->
            started.isPresent()
                ? commitBefore(started.get(), build)
                : running(handle, release.environment(), build));
  }

  /** Where the certification of builds going to an environment stands. */
  public Review review(EnvironmentName environment, List<Build> builds) {
    return certifications
        .jdbi()
        .withHandle(
            handle ->
                review(handle, environment, builds, build -> running(handle, environment, build)));
  }

  private Optional<CommitSha> running(Handle handle, EnvironmentName environment, Build build) {
    return environments
        .findRunning(handle, environment, build.component())
        .flatMap(Certifications::runningCommit);
  }

  /**
   * The commit a started promotion replaced for a build's component; a component the promotion left
   * alone already ran the release's build.
   */
  private static Optional<CommitSha> commitBefore(Promotion promotion, Build build) {
    return promotion.builds().stream()
        .filter(change -> change.component().equals(build.component()))
        .findFirst()
        .map(
            change ->
                change
                    .previousBuild()
                    .map(Build::commit)
                    .or(
                        () ->
                            change
                                .previousVersion()
                                .filter(version -> FULL_SHA.matcher(version).matches())
                                .map(CommitSha::of)))
        .orElse(Optional.of(build.commit()));
  }

  private Review review(
      Handle handle,
      EnvironmentName environment,
      List<Build> builds,
      Function<Build, Optional<CommitSha>> base) {
    List<ChangeSet> changeSets = new ArrayList<>();
    List<CommitReview> commits = new ArrayList<>();
    for (Build build :
        builds.stream().sorted(Comparator.comparing(b -> b.component().value())).toList()) {
      Optional<CommitSha> running = base.apply(build);
      ChangeSet changeSet = changes.between(build.component(), running, build.commit());
      changeSets.add(changeSet);
      Map<String, Certification> said = new LinkedHashMap<>();
      for (Certification certification :
          certifications.list(
              handle,
              build.component(),
              changeSet.commits().stream().map(ChangeCommit::sha).toList())) {
        said.put(certification.commit().value() + "/" + certification.owner(), certification);
      }
      for (ChangeCommit commit : changeSet.commits()) {
        commits.add(
            new CommitReview(
                build.component(),
                commit,
                owners.ownersOf(build.component(), commit).stream()
                    .map(
                        owner ->
                            new OwnerReview(
                                owner,
                                Optional.ofNullable(
                                    said.get(commit.sha().value() + "/" + owner.key()))))
                    .toList()));
      }
    }
    return new Review(environment, changeSets, commits);
  }

  private static Optional<CommitSha> runningCommit(RunningBuild running) {
    return running
        .build()
        .map(Build::commit)
        .or(
            () ->
                FULL_SHA.matcher(running.version()).matches()
                    ? Optional.of(CommitSha.of(running.version()))
                    : Optional.empty());
  }

  /**
   * Records what a person says about their own commits in a release (or, for a delegate, an owner's
   * commits), and returns the release's review afterwards.
   *
   * @throws SlipwayException forbidden when they own no commit in the release, or act on someone's
   *     behalf without being a delegate
   */
  public Review certify(long release, Actor actor, CertifyRequest request) {
    requireNonNull(actor, "actor is null");
    requireNonNull(request, "request is null");
    String email =
        actor
            .email()
            .orElseThrow(
                () ->
                    SlipwayException.forbidden(
                        "%s has no email, so owns no commit; certify as a person", actor));
    if (request.action() == CertifyRequest.Action.HOLD && request.reason().isEmpty()) {
      throw SlipwayException.invalid("reason", "a hold needs a reason, for the people it stops");
    }
    String person = owners.mainEmail(email);
    boolean onBehalf = request.onBehalfOf().isPresent();
    if (onBehalf) {
      if (config.delegateRole().filter(role -> roles.holds(actor, role)).isEmpty()) {
        throw SlipwayException.forbidden(
            "%s may not certify on someone's behalf; only the holders of %s may",
            email,
            config
                .delegateRole()
                .map(role -> "role '" + role + "' (releases.delegateRole)")
                .orElse("the role releases.delegateRole names, which is not set"));
      }
      if (request.reason().isEmpty()) {
        throw SlipwayException.invalid(
            "reason", "acting on behalf of %s needs a reason", request.onBehalfOf().get());
      }
      person = owners.mainEmail(request.onBehalfOf().get());
    }
    String subject = person;
    Release found = releases.getRelease(release);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    certifications
        .jdbi()
        .useTransaction(
            handle -> {
              Review review = review(handle, found);
              List<CommitReview> own = new ArrayList<>();
              List<String> recorded = new ArrayList<>();
              for (CommitReview commit : review.commits()) {
                for (OwnerReview owner : commit.owners()) {
                  if (!owner.owner().hasMember(subject)) {
                    continue;
                  }
                  own.add(commit);
                  apply(handle, commit, owner, actor, request, now, onBehalf);
                  recorded.add(commit.component() + "@" + commit.commit().sha().shortSha());
                }
              }
              if (own.isEmpty()) {
                throw SlipwayException.forbidden(
                    "%s owns no commit in release %d; one can only certify one's own commits."
                        + " Its owners are: %s",
                    subject,
                    release,
                    review.owners().isEmpty()
                        ? "nobody (it brings no commits)"
                        : String.join(", ", review.owners().stream().map(Owner::name).toList()));
              }
              Map<String, Object> details = new LinkedHashMap<>();
              details.put("environment", found.environment().value());
              details.put("owner", subject);
              details.put("commits", recorded);
              if (onBehalf) {
                details.put("onBehalf", true);
              }
              request.reason().ifPresent(text -> details.put("reason", text));
              audit.append(
                  handle,
                  actor,
                  switch (request.action()) {
                    case CERTIFY -> "certification.certified";
                    case HOLD -> "certification.held";
                    case LIFT_HOLD -> "certification.hold-lifted";
                  },
                  found.subject(),
                  details);
            });
    gatesChanged.accept(found.environment());
    return review(release);
  }

  private void apply(
      Handle handle,
      CommitReview commit,
      OwnerReview owner,
      Actor actor,
      CertifyRequest request,
      Instant now,
      boolean onBehalf) {
    CommitSha sha = commit.commit().sha();
    switch (request.action()) {
      case CERTIFY, HOLD ->
          certifications.record(
              handle,
              new Certification(
                  commit.component(),
                  sha,
                  owner.owner().key(),
                  request.action() == CertifyRequest.Action.CERTIFY
                      ? CertificationStatus.CERTIFIED
                      : CertificationStatus.HELD,
                  request.reason(),
                  actor,
                  onBehalf,
                  now));
      case LIFT_HOLD -> {
        if (owner.held()) {
          certifications.remove(handle, commit.component(), sha, owner.owner().key());
        }
      }
    }
  }
}

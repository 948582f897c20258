package dev.slipway.api;

import dev.slipway.Slipway;
import dev.slipway.certification.CertificationDecision;
import dev.slipway.certification.CertifyRequest;
import dev.slipway.certification.CommitReview;
import dev.slipway.certification.OwnerReview;
import dev.slipway.certification.Review;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.error.SlipwayException;
import dev.slipway.gate.GateDecision;
import dev.slipway.pending.PendingItem;
import dev.slipway.release.Release;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Cutting and reading releases, certifying their commits, the pending view and release notes. */
final class ReleaseRoutes {
  private final Slipway slipway;

  ReleaseRoutes(Slipway slipway) {
    this.slipway = slipway;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/releases", this::cut);
    routes.get("/api/v1/releases", this::list);
    routes.get("/api/v1/releases/{id}", this::get);
    routes.get("/api/v1/releases/{id}/notes", this::notes);
    routes.post("/api/v1/releases/{id}/certifications", this::certify);
    routes.get("/api/v1/pending", this::pending);
  }

  private void cut(Context context) {
    RequestBody body = RequestBody.read(context, Set.of("environment", "from"));
    Release release =
        slipway
            .releases()
            .cut(
                EnvironmentName.of(body.requireText("environment")),
                body.optionalText("from").map(EnvironmentName::of),
                Authentication.actor(context));
    context.status(201).json(view(release));
  }

  private void list(Context context) {
    Optional<EnvironmentName> environment =
        Parameters.query(context, "environment").map(EnvironmentName::of);
    environment.ifPresent(slipway.config()::getEnvironment);
    context.json(
        slipway
            .releases()
            .repository()
            .listReleases(environment, Parameters.limit(context, 20, 500))
            .stream()
            .map(release -> ReleaseView.of(release, null, List.of()))
            .toList());
  }

  private void get(Context context) {
    context.json(
        view(slipway.releases().repository().getRelease(Parameters.pathId(context, "id"))));
  }

  private void notes(Context context) {
    context
        .contentType("text/markdown; charset=utf-8")
        .result(slipway.notes().write(Parameters.pathId(context, "id")));
  }

  private void certify(Context context) {
    RequestBody body = RequestBody.read(context, Set.of("action", "reason", "onBehalfOf"));
    String action = body.optionalText("action").orElse("certify");
    CertifyRequest.Action parsed =
        switch (action.toLowerCase(Locale.ROOT)) {
          case "certify" -> CertifyRequest.Action.CERTIFY;
          case "hold" -> CertifyRequest.Action.HOLD;
          case "lift-hold" -> CertifyRequest.Action.LIFT_HOLD;
          default ->
              throw SlipwayException.invalid(
                  "action", "action '%s' is not one of certify, hold, lift-hold", action);
        };
    long id = Parameters.pathId(context, "id");
    slipway
        .certifications()
        .certify(
            id,
            Authentication.actor(context),
            new CertifyRequest(
                parsed, body.optionalText("reason"), body.optionalText("onBehalfOf")));
    context.json(ReviewView.of(slipway.certificationDecisions().decide(id)));
  }

  private void pending(Context context) {
    context.json(
        slipway
            .pending()
            .list(Parameters.query(context, "environment").map(EnvironmentName::of))
            .stream()
            .map(PendingView::of)
            .toList());
  }

  private ReleaseView view(Release release) {
    return ReleaseView.of(
        release,
        ReviewView.of(slipway.certificationDecisions().decide(release.id())),
        slipway.releases().listPromotions(release.id()).stream()
            .map(promotion -> promotion.id())
            .toList());
  }

  record ReleaseView(
      long id,
      String environment,
      String source,
      String origin,
      String state,
      Views.ActorView cutBy,
      Instant cutAt,
      Long supersededBy,
      List<Views.BuildView> builds,
      List<Long> promotions,
      ReviewView certification) {
    static ReleaseView of(Release release, ReviewView review, List<Long> promotions) {
      return new ReleaseView(
          release.id(),
          release.environment().value(),
          release.source().value(),
          release.origin().name(),
          release.state().name(),
          Views.ActorView.of(release.cutBy()),
          release.cutAt(),
          release.supersededBy().orElse(null),
          release.builds().stream().map(Views.BuildView::of).toList(),
          promotions,
          review);
    }
  }

  record ReviewView(
      String verdict,
      String summary,
      Long promotion,
      List<Views.ApprovalView> downgradeApprovals,
      List<String> owners,
      List<String> missing,
      List<ChangeSetView> changeSets) {
    static ReviewView of(CertificationDecision decided) {
      Review review = decided.review();
      GateDecision decision = decided.decision();
      return new ReviewView(
          decision.verdict().name(),
          decision.reason(),
          decided.promotion().orElse(null),
          decided.downgradeApprovals().stream().map(Views.ApprovalView::of).toList(),
          review.owners().stream().map(owner -> owner.name()).toList(),
          review.missing().stream().map(owner -> owner.name()).toList(),
          review.changeSets().stream()
              .map(
                  changeSet ->
                      new ChangeSetView(
                          changeSet.component().value(),
                          changeSet.from().map(sha -> sha.value()).orElse(null),
                          changeSet.to().value(),
                          changeSet.direction().name(),
                          review.commits().stream()
                              .filter(commit -> commit.component().equals(changeSet.component()))
                              .map(CommitView::of)
                              .toList()))
              .toList());
    }
  }

  record ChangeSetView(
      String component, String from, String to, String direction, List<CommitView> commits) {}

  record CommitView(
      String sha, String subject, String author, Integer pullRequest, List<OwnerView> owners) {
    static CommitView of(CommitReview commit) {
      return new CommitView(
          commit.commit().sha().value(),
          commit.commit().subject(),
          commit.commit().author().toString(),
          commit.commit().pullRequest().orElse(null),
          commit.owners().stream().map(OwnerView::of).toList());
    }
  }

  record OwnerView(String owner, String status, String detail) {
    static OwnerView of(OwnerReview owner) {
      return new OwnerView(
          owner.owner().name(),
          owner.word().map(word -> word.status().name()).orElse("MISSING"),
          owner.word().map(word -> word.describe()).orElse(null));
    }
  }

  record PendingView(
      String environment,
      Long release,
      Long promotion,
      String what,
      String waitingOn,
      Instant since,
      long waitedSeconds) {
    static PendingView of(PendingItem item) {
      return new PendingView(
          item.environment().value(),
          item.release().orElse(null),
          item.promotion().orElse(null),
          item.what(),
          item.waitingOn(),
          item.since(),
          item.waited().toSeconds());
    }
  }
}

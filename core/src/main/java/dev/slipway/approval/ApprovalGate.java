package dev.slipway.approval;

import static java.util.Objects.requireNonNull;

import dev.slipway.component.ComponentName;
import dev.slipway.gate.GateDecision;
import dev.slipway.gate.GateRequest;
import dev.slipway.identity.Actor;
import dev.slipway.identity.Roles;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Approval: people holding a role must approve the promotion, {@code count} of them, each once.
 * With a component, only promotions that change that component need it.
 */
public final class ApprovalGate implements ApprovingGate {
  private final String role;
  private final int count;
  private final Optional<ComponentName> component;
  private final Roles roles;
  private final ApprovalRepository approvals;

  ApprovalGate(
      String role,
      int count,
      Optional<ComponentName> component,
      Roles roles,
      ApprovalRepository approvals) {
    this.role = requireNonNull(role, "role is null");
    this.count = count;
    this.component = requireNonNull(component, "component is null");
    this.roles = requireNonNull(roles, "roles is null");
    this.approvals = requireNonNull(approvals, "approvals is null");
  }

  /** The role whose holders may approve. */
  public String role() {
    return role;
  }

  @Override
  public Optional<String> approvingRole() {
    return Optional.of(role);
  }

  @Override
  public boolean acceptsApprovalFrom(Actor actor) {
    return roles.holds(actor, role);
  }

  @Override
  public String description() {
    return "approval by "
        + (count == 1 ? "one" : String.valueOf(count))
        + " of role "
        + role
        + component.map(name -> " when " + name + " changes").orElse("");
  }

  @Override
  public GateDecision evaluate(GateRequest request) {
    if (component.isPresent()
        && request.builds().stream()
            .noneMatch(build -> build.component().equals(component.get()))) {
      return GateDecision.pass("does not change " + component.get());
    }
    Set<String> approvedBy = new LinkedHashSet<>();
    if (request.promotion().isPresent()) {
      for (Approval approval : approvals.listApprovals(request.promotion().get())) {
        if (roles.holds(approval.approvedBy(), role)) {
          approvedBy.add(approval.approvedBy().email().orElseThrow());
        }
      }
    }
    if (approvedBy.size() >= count) {
      return GateDecision.pass("approved by " + String.join(", ", approvedBy));
    }
    List<String> mayApprove =
        roles.holders(role).stream().filter(email -> !approvedBy.contains(email)).toList();
    int missing = count - approvedBy.size();
    return GateDecision.waitFor(
        "needs "
            + missing
            + (approvedBy.isEmpty() ? "" : " more")
            + (missing == 1 ? " approval" : " approvals")
            + " from role "
            + role
            + (mayApprove.isEmpty()
                ? " (nobody else holds it)"
                : " (" + String.join(", ", mayApprove) + ")")
            + (approvedBy.isEmpty() ? "" : "; approved by " + String.join(", ", approvedBy))
            + "; approve with: slipway approve "
            + request.promotion().map(String::valueOf).orElse("PROMOTION"));
  }
}

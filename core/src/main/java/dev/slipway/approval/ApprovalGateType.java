package dev.slipway.approval;

import static java.util.Objects.requireNonNull;

import dev.slipway.component.ComponentName;
import dev.slipway.config.PluginConfig;
import dev.slipway.error.SlipwayException;
import dev.slipway.gate.Gate;
import dev.slipway.gate.GateContext;
import dev.slipway.gate.GateType;
import java.util.Optional;

/**
 * The {@code approval} gate: {@code role} (under roles), {@code count} (default 1) and, optionally,
 * the {@code component} whose change needs approval.
 */
public final class ApprovalGateType implements GateType {
  private final ApprovalRepository approvals;

  public ApprovalGateType(ApprovalRepository approvals) {
    this.approvals = requireNonNull(approvals, "approvals is null");
  }

  @Override
  public String name() {
    return "approval";
  }

  @Override
  public Gate create(PluginConfig config, GateContext context) {
    String role = config.getText("role");
    if (!context.config().roles().isDefined(role)) {
      throw SlipwayException.invalid(
          "role",
          "role '%s' is not defined under roles; define it with the emails of who may approve",
          role);
    }
    int count = config.findInt("count").orElse(1);
    if (count < 1) {
      throw SlipwayException.invalid("count", "must be at least 1");
    }
    if (context.config().roles().holders(role).size() < count) {
      throw SlipwayException.invalid(
          "count",
          "needs %d approvals but role '%s' has only %d holder(s), so no promotion could ever pass",
          count,
          role,
          context.config().roles().holders(role).size());
    }
    Optional<ComponentName> component = config.findText("component").map(ComponentName::of);
    if (component.isPresent()
        && context
            .config()
            .getEnvironment(context.environment())
            .findDeployment(component.get())
            .isEmpty()) {
      throw SlipwayException.invalid(
          "component",
          "environment '%s' does not deploy component '%s'",
          context.environment(),
          component.get());
    }
    return new ApprovalGate(role, count, component, context.config().roles(), approvals);
  }
}

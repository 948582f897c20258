package dev.slipway.certification;

import static java.util.Objects.requireNonNull;

import dev.slipway.approval.ApprovalRepository;
import dev.slipway.config.PluginConfig;
import dev.slipway.gate.Gate;
import dev.slipway.gate.GateContext;
import dev.slipway.gate.GateType;
import java.util.function.Supplier;

/**
 * The {@code certification} gate type: it has no settings of its own; who may approve a downgrade
 * comes from {@code releases}.
 */
public final class CertificationGateType implements GateType {
  public static final String NAME = "certification";

  private final Supplier<Certifications> certifications;
  private final ApprovalRepository approvals;

  /**
   * @param certifications what the gates read; asked for when a gate decides, so the gate types can
   *     be made before the services they read
   * @param approvals where the approvals that lift a downgrade are read
   */
  public CertificationGateType(
      Supplier<Certifications> certifications, ApprovalRepository approvals) {
    this.certifications = requireNonNull(certifications, "certifications is null");
    this.approvals = requireNonNull(approvals, "approvals is null");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Gate create(PluginConfig config, GateContext context) {
    return new CertificationGate(
        certifications,
        context.config().releases().downgradeApprovalRole(),
        context.config().roles(),
        approvals);
  }
}

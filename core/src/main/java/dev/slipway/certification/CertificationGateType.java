package dev.slipway.certification;

import static java.util.Objects.requireNonNull;

import dev.slipway.config.PluginConfig;
import dev.slipway.gate.Gate;
import dev.slipway.gate.GateContext;
import dev.slipway.gate.GateType;
import java.util.function.Supplier;

/** The {@code certification} gate type: it has no settings of its own. */
public final class CertificationGateType implements GateType {
  public static final String NAME = "certification";

  private final Supplier<Certifications> certifications;

  /**
   * @param certifications what the gates read; asked for when a gate decides, so the gate types can
   *     be made before the services they read
   */
  public CertificationGateType(Supplier<Certifications> certifications) {
    this.certifications = requireNonNull(certifications, "certifications is null");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Gate create(PluginConfig config, GateContext context) {
    return new CertificationGate(certifications);
  }
}

package dev.slipway.status;

import static java.util.Objects.requireNonNull;

import dev.slipway.config.PromotionPolicy;
import dev.slipway.environment.EnvironmentName;
import dev.slipway.promotion.Promotion;
import java.util.List;
import java.util.Optional;

/**
 * One environment now.
 *
 * @param name the environment
 * @param upstream where its builds come from
 * @param policy automatic or manual
 * @param active the promotion running there, if one is
 * @param pending the promotions waiting for it, in the order they will start
 * @param components every component deployed there, with what runs
 */
public record EnvironmentStatus(
    EnvironmentName name,
    Optional<EnvironmentName> upstream,
    PromotionPolicy policy,
    Optional<Promotion> active,
    List<Promotion> pending,
    List<ComponentStatus> components) {
  public EnvironmentStatus {
    requireNonNull(name, "name is null");
    requireNonNull(upstream, "upstream is null");
    requireNonNull(policy, "policy is null");
    requireNonNull(active, "active is null");
    pending = List.copyOf(requireNonNull(pending, "pending is null"));
    components = List.copyOf(requireNonNull(components, "components is null"));
  }
}

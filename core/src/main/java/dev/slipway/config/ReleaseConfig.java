package dev.slipway.config;

import static java.util.Objects.requireNonNull;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.slipway.component.ComponentName;
import dev.slipway.environment.EnvironmentName;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code releases} section: which environments take releases cut from their upstream instead of
 * loose builds, who owns which commit identities, how bots' commits are certified, and who may
 * certify on someone's behalf.
 *
 * @param environments the environments that take releases, each with its release train if any
 * @param owners per person's main email, the other addresses their commits carry (GitHub noreply
 *     addresses and the like), all lower case
 * @param bots per component, who certifies the commits of bots such as {@code dependabot[bot]}
 * @param delegateRole the role (under {@code roles}) whose holders may certify or hold on someone's
 *     behalf, with a reason; empty when nobody may
 * @param downgradeRole the role (under {@code roles}) whose holders may approve a promotion that
 *     takes a component back to an older commit; empty to use {@code delegateRole}
 */
public record ReleaseConfig(
    Map<EnvironmentName, ReleaseEnvironmentConfig> environments,
    Map<String, List<String>> owners,
    Map<ComponentName, BotRule> bots,
    Optional<String> delegateRole,
    Optional<String> downgradeRole) {
  public ReleaseConfig {
    environments = Map.copyOf(requireNonNull(environments, "environments is null"));
    owners = Map.copyOf(requireNonNull(owners, "owners is null"));
    bots = Map.copyOf(requireNonNull(bots, "bots is null"));
    requireNonNull(delegateRole, "delegateRole is null");
    requireNonNull(downgradeRole, "downgradeRole is null");
  }

  /** No environment takes releases. */
  public static ReleaseConfig none() {
    return new ReleaseConfig(Map.of(), Map.of(), Map.of(), Optional.empty(), Optional.empty());
  }

  /** True when the environment takes releases, so loose builds do not go there automatically. */
  public boolean takesReleases(EnvironmentName environment) {
    return environments.containsKey(environment);
  }

  /**
   * The role whose holders may approve a downgrade: {@code downgradeRole}, or else {@code
   * delegateRole}, since the people trusted to act for owners are the ones to vouch for taking
   * their commits away; empty when neither is set, and then nothing lifts a downgrade.
   */
  public Optional<String> downgradeApprovalRole() {
    return downgradeRole.or(() -> delegateRole);
  }

  public Optional<BotRule> findBotRule(ComponentName component) {
    return Optional.ofNullable(bots.get(component));
  }

  /**
   * An environment that takes releases.
   *
   * @param name the environment
   * @param train when releases are cut for it on a schedule; empty when only by hand and as its
   *     upstream verifies builds
   */
  public record ReleaseEnvironmentConfig(EnvironmentName name, Optional<TrainConfig> train) {
    public ReleaseEnvironmentConfig {
      requireNonNull(name, "name is null");
      requireNonNull(train, "train is null");
    }
  }

  /**
   * A release train: a release is cut at every time the cron expression names in the zone.
   *
   * @param cron a Unix cron expression of five fields: minute, hour, day of month, month, weekday
   * @param zone the time zone the expression is read in, such as {@code America/Toronto}
   */
  public record TrainConfig(String cron, String zone) {
    private static final CronParser UNIX =
        new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    /**
     * @throws IllegalArgumentException naming what is wrong when the expression or the zone is not
     *     valid
     */
    public TrainConfig {
      requireNonNull(cron, "cron is null");
      requireNonNull(zone, "zone is null");
      schedule(cron);
      zoneId(zone);
    }

    /**
     * The first time strictly after {@code after} that the train leaves. The expression is read in
     * the zone's local time, so {@code 0 17 * * 1-5} leaves at 17:00 on both sides of a
     * daylight-saving change; empty when the expression names no time to come.
     */
    public Optional<Instant> nextAfter(Instant after) {
      return schedule(cron).nextExecution(after.atZone(zoneId(zone))).map(ZonedDateTime::toInstant);
    }

    private static ExecutionTime schedule(String cron) {
      try {
        return ExecutionTime.forCron(UNIX.parse(cron).validate());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "'"
                + cron
                + "' is not a Unix cron expression of five fields (minute hour"
                + " day-of-month month day-of-week): "
                + e.getMessage(),
            e);
      }
    }

    private static ZoneId zoneId(String zone) {
      try {
        return ZoneId.of(zone);
      } catch (DateTimeException e) {
        throw new IllegalArgumentException(
            "'" + zone + "' is not a time zone id such as America/Toronto", e);
      }
    }
  }

  /**
   * Who certifies a bot's commits in one component.
   *
   * @param team the component's owning team: one certification from any of them covers a commit
   */
  public record BotRule(List<String> team) {
    public BotRule {
      team = List.copyOf(requireNonNull(team, "team is null"));
      if (team.isEmpty()) {
        throw new IllegalArgumentException("a bot rule's team is empty");
      }
    }
  }
}

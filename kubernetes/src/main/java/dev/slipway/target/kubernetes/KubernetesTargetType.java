package dev.slipway.target.kubernetes;

import dev.slipway.config.Durations;
import dev.slipway.config.PluginConfig;
import dev.slipway.config.PluginContext;
import dev.slipway.error.SlipwayException;
import dev.slipway.target.Target;
import dev.slipway.target.TargetType;
import dev.slipway.target.git.ValueTemplate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The {@code kubernetes} target type.
 *
 * <pre>{@code
 * - type: kubernetes
 *   kind: Deployment                 # StatefulSet, DaemonSet or CronJob
 *   namespace: notify
 *   name: api
 *   container: api
 *   image: "public.ecr.aws/cds-snc/notify-api:{shortCommit}"   # optional; default {image}
 *   rolloutTimeout: 5m               # optional
 *   context: staging                 # optional; default the kubeconfig's current context
 *   kubeconfig: /etc/slipway/kubeconfig   # optional; default discovery or in-cluster
 * }</pre>
 *
 * <p>Targets on the same cluster (the same kubeconfig and context) share one {@link
 * KubernetesDeployer} and so one client.
 */
public final class KubernetesTargetType implements TargetType {
  public static final String NAME = "kubernetes";

  /** What a target sets when it names no image: the image the build was registered with. */
  public static final String DEFAULT_IMAGE = "{image}";

  public static final Duration DEFAULT_ROLLOUT_TIMEOUT = Duration.ofMinutes(5);

  private static final Set<String> SETTINGS =
      Set.of(
          "type",
          "kind",
          "namespace",
          "name",
          "container",
          "image",
          "rolloutTimeout",
          "context",
          "kubeconfig");

  /** A DNS label: namespaces and container names. */
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** A DNS subdomain: workload names. */
  private static final Pattern SUBDOMAIN =
      Pattern.compile(
          "(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private final Map<Cluster, KubernetesDeployer> deployers = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Target create(PluginConfig config, PluginContext context) {
    for (Iterator<String> names = config.settings().fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!SETTINGS.contains(name)) {
        throw SlipwayException.invalid(
            name,
            "unknown setting '%s' of a %s target; settings: %s",
            name,
            NAME,
            SETTINGS.stream().filter(setting -> !setting.equals("type")).sorted().toList());
      }
    }
    WorkloadKind kind = WorkloadKind.fromConfig(required(config, "kind"));
    String namespace = matching(config, "namespace", LABEL, "a DNS label such as notify");
    String name =
        matching(config, "name", SUBDOMAIN, "a Kubernetes object name such as api or celery-beat");
    String container = matching(config, "container", LABEL, "a DNS label such as api");
    ValueTemplate image =
        ValueTemplate.parse(
            config.findSettingText("image").orElse(DEFAULT_IMAGE), "image", DEFAULT_IMAGE);
    Duration rolloutTimeout =
        config
            .findSettingText("rolloutTimeout")
            .map(value -> Durations.parse(value, "rolloutTimeout"))
            .orElse(DEFAULT_ROLLOUT_TIMEOUT);
    if (rolloutTimeout.isZero() || rolloutTimeout.isNegative()) {
      throw SlipwayException.invalid(
          "rolloutTimeout", "rolloutTimeout must be longer than zero, such as 5m");
    }
    Cluster cluster =
        new Cluster(
            config.findSettingText("kubeconfig").map(path -> kubeconfig(context, path)),
            config.findSettingText("context"));
    KubernetesDeployer deployer = deployers.computeIfAbsent(cluster, KubernetesDeployer::new);
    return new KubernetesTarget(
        new Workload(kind, namespace, name), container, image, rolloutTimeout, deployer);
  }

  /** Relative to the configuration's folder, like the other files a configuration names. */
  private static Path kubeconfig(PluginContext context, String path) {
    Path parent = context.config().source().toAbsolutePath().getParent();
    Path base = parent == null ? Path.of("").toAbsolutePath() : parent;
    return base.resolve(path).normalize();
  }

  private static String matching(
      PluginConfig config, String name, Pattern pattern, String expected) {
    String value = required(config, name);
    if (!pattern.matcher(value).matches()) {
      throw SlipwayException.invalid(name, "%s '%s' must be %s", name, value, expected);
    }
    return value;
  }

  private static String required(PluginConfig config, String name) {
    return config
        .findSettingText(name)
        .orElseThrow(
            () -> SlipwayException.invalid(name, "'%s' is required for a %s target", name, NAME));
  }
}

package dev.slipway.process;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.config.Durations;
import dev.slipway.config.PluginConfig;
import dev.slipway.error.SlipwayException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How to run one command: a program and its arguments (no shell, unless the command is {@code
 * ["sh", "-c", "..."]}), where, with which extra environment variables, and for how long at most.
 *
 * @param command the program and its arguments
 * @param workingDirectory where it runs; empty for the server's own working directory
 * @param environment extra variables, added to the server's own environment; never secrets, which
 *     the program reads from the server's environment or from files
 * @param timeout how long it may run before it and everything it started are killed
 */
public record CommandSettings(
    List<String> command,
    Optional<Path> workingDirectory,
    Map<String, String> environment,
    Duration timeout) {
  /** The settings every command has; each use adds its own (a check's interval). */
  public static final Set<String> KEYS =
      Set.of("command", "workingDirectory", "environment", "timeout");

  /** Variables Slipway sets itself start with this, and the configuration may not set them. */
  public static final String RESERVED_PREFIX = "SLIPWAY_";

  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public CommandSettings {
    command = List.copyOf(requireNonNull(command, "command is null"));
    requireNonNull(workingDirectory, "workingDirectory is null");
    environment =
        Map.copyOf(new LinkedHashMap<>(requireNonNull(environment, "environment is null")));
    requireNonNull(timeout, "timeout is null");
    if (command.isEmpty() || command.get(0).isBlank()) {
      throw SlipwayException.invalid(
          "command",
          "'command' needs the program to run and its arguments, such as [terraform, apply,"
              + " -auto-approve]");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw SlipwayException.invalid(
          "timeout", "timeout must be longer than zero, not %s", Durations.format(timeout));
    }
    for (String name : environment.keySet()) {
      if (!VARIABLE.matcher(name).matches()) {
        throw SlipwayException.invalid(
            "environment",
            "'%s' is not an environment variable name (letters, digits and '_', not starting with"
                + " a digit)",
            name);
      }
      if (name.toUpperCase(Locale.ROOT).startsWith(RESERVED_PREFIX)) {
        throw SlipwayException.invalid(
            "environment",
            "'%s' cannot be set here: Slipway sets the %s* variables itself",
            name,
            RESERVED_PREFIX);
      }
    }
  }

  /** {@code terraform apply -auto-approve}, as people would type it. */
  public String describe() {
    return String.join(" ", command);
  }

  /**
   * Reads the command settings of an entry.
   *
   * @param config the entry
   * @param what names the entry in errors, such as {@code a command target}
   * @param otherKeys the settings the entry has besides the command's own, read by the caller
   * @param defaultTimeout the timeout when none is written
   * @param baseDirectory what a relative working directory is relative to: the configuration's
   *     folder
   */
  public static CommandSettings from(
      PluginConfig config,
      String what,
      Set<String> otherKeys,
      Duration defaultTimeout,
      Path baseDirectory) {
    requireNonNull(config, "config is null");
    Set<String> known = new TreeSet<>(KEYS);
    known.addAll(otherKeys);
    known.add("type");
    Set<String> unknown = new TreeSet<>();
    for (Iterator<String> names = config.settings().fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      known.remove("type");
      throw SlipwayException.invalid(
          unknown.iterator().next(),
          "unknown setting%s %s of %s; its settings are %s",
          unknown.size() == 1 ? "" : "s",
          unknown,
          what,
          known);
    }
    return new CommandSettings(
        command(config.settings().get("command")),
        text(config, "workingDirectory").map(text -> directory(text, baseDirectory)),
        environment(config.settings().get("environment")),
        config.findDuration("timeout").orElse(defaultTimeout));
  }

  private static List<String> command(JsonNode node) {
    if (node == null || node.isNull()) {
      throw SlipwayException.invalid(
          "command", "'command' is required: the program and its arguments, as a list");
    }
    if (!node.isArray()) {
      throw SlipwayException.invalid(
          "command",
          "'command' must be a list such as [terraform, apply, -auto-approve], not %s; for a"
              + " shell line write [sh, -c, \"...\"]",
          node.isTextual() ? "'" + node.asText() + "'" : "a " + node.getNodeType());
    }
    List<String> command = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode part = node.get(i);
      if (!part.isValueNode() || part.isNull()) {
        throw SlipwayException.invalid(
            "command[" + i + "]", "each part of 'command' must be text, not a list or a mapping");
      }
      command.add(part.asText());
    }
    return command;
  }

  private static Map<String, String> environment(JsonNode node) {
    Map<String, String> environment = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return environment;
    }
    if (!node.isObject()) {
      throw SlipwayException.invalid(
          "environment", "'environment' must be a mapping of variable names to values");
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
        throw SlipwayException.invalid(
            "environment." + entry.getKey(), "the value of %s must be text", entry.getKey());
      }
      environment.put(entry.getKey(), entry.getValue().asText());
    }
    return environment;
  }

  private static Optional<String> text(PluginConfig config, String key) {
    JsonNode node = config.settings().get(key);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      throw SlipwayException.invalid(key, "'%s' must be text", key);
    }
    return Optional.of(node.asText());
  }

  private static Path directory(String text, Path baseDirectory) {
    try {
      return baseDirectory.resolve(text).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw SlipwayException.invalid(
          "workingDirectory", "'%s' is not a directory path: %s", text, e.getReason());
    }
  }
}

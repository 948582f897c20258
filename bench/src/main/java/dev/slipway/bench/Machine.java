package dev.slipway.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Facts about the machine a run measured, read from the JVM and from {@code /proc} on Linux. */
record Machine(
    int cores, String cpu, String memory, String operatingSystem, String jdk, String load) {

  static Machine describe() {
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        procField("/proc/cpuinfo", "model name").orElse("unknown CPU"),
        procField("/proc/meminfo", "MemTotal").map(Machine::gibibytes).orElse("unknown memory"),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")",
        loadAverage());
  }

  /** The 1, 5 and 15 minute load averages now: other work on the machine skews every figure. */
  static String loadAverage() {
    try {
      List<String> parts =
          List.of(Files.readString(Path.of("/proc/loadavg"), UTF_8).strip().split(" ", -1));
      return String.join(" ", parts.subList(0, Math.min(3, parts.size())));
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static Optional<String> procField(String file, String field) {
    try {
      return Files.readAllLines(Path.of(file), UTF_8).stream()
          .filter(line -> line.startsWith(field))
          .findFirst()
          .map(line -> line.substring(line.indexOf(':') + 1).strip());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String gibibytes(String memTotal) {
    String kib = memTotal.replace("kB", "").strip();
    return String.format(java.util.Locale.ROOT, "%.1f GiB", Long.parseLong(kib) / 1024.0 / 1024.0);
  }
}

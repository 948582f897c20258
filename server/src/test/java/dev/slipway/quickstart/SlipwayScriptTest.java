package dev.slipway.quickstart;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./slipway} script at the repository root, run by a real POSIX shell in a copy of the
 * checkout's layout. Maven and Java are stand-ins on the PATH that record how they were called, so
 * the test sees when the script builds and what it runs without a real build.
 */
@DisabledOnOs(OS.WINDOWS)
class SlipwayScriptTest {
  /** The JVM flags the script passes unless SLIPWAY_JAVA_OPTS says otherwise. */
  private static final String FLAGS = "-Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

  private static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant EARLIER = Instant.parse("2026-02-01T00:00:00Z");
  private static final Instant LATER = Instant.parse("2026-03-01T00:00:00Z");

  @TempDir Path directory;
  private Path checkout;
  private Path tools;
  private Path jar;

  @BeforeEach
  void makeACheckout() throws IOException {
    checkout = Files.createDirectories(directory.resolve("checkout"));
    Files.copy(script(), checkout.resolve("slipway"), StandardCopyOption.COPY_ATTRIBUTES);
    for (String file :
        List.of(
            "pom.xml",
            "core/pom.xml",
            "server/pom.xml",
            "core/src/main/java/dev/slipway/Slipway.java",
            "server/src/main/java/dev/slipway/cli/SlipwayCommand.java")) {
      Path path = checkout.resolve(file);
      Files.createDirectories(path.getParent());
      Files.writeString(path, "", UTF_8);
    }
    jar = checkout.resolve("server/target/slipway.jar");
    tools = Files.createDirectories(directory.resolve("tools"));
    tool(
        "mvn",
        "echo \"mvn $* (in $(pwd))\" >> \"" + directory.resolve("mvn.log") + "\"",
        "mkdir -p server/target && : > server/target/slipway.jar");
    tool("java", "echo \"java $*\"", "echo \"SLIPWAY_PROGRAM=$SLIPWAY_PROGRAM\"");
  }

  @Test
  void buildsTheJarWhenItIsMissingThenRunsIt() throws Exception {
    Run run = run(checkout.resolve("slipway"), "status", "--env", "staging");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEqualTo("Building Slipway (first run takes a few minutes)...\n");
    assertThat(mavenCalls())
        .containsExactly(
            "mvn -B -q -DskipTests package -pl core,server -am (in " + checkout.toRealPath() + ")");
    assertThat(run.out())
        .isEqualTo(
            "java "
                + FLAGS
                + " -jar "
                + checkout.toRealPath().resolve("server/target/slipway.jar")
                + " status --env staging\n"
                + "SLIPWAY_PROGRAM="
                + checkout.resolve("slipway")
                + "\n");
  }

  @Test
  void runsTheJarWithoutBuildingWhenItIsNewerThanTheSourcesAndPoms() throws Exception {
    ageEverything(EARLIER);
    makeJar(LATER);

    Run run = run(checkout.resolve("slipway"), "--version");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(mavenCalls()).isEmpty();
    assertThat(run.out()).startsWith("java " + FLAGS + " -jar ").contains(" --version\n");
  }

  @Test
  void rebuildsWhenASourceFileIsNewerThanTheJar() throws Exception {
    ageEverything(LONG_AGO);
    makeJar(EARLIER);
    touch(checkout.resolve("server/src/main/java/dev/slipway/cli/SlipwayCommand.java"), LATER);

    Run run = run(checkout.resolve("slipway"), "status");

    assertThat(run.err()).contains("Building Slipway");
    assertThat(mavenCalls()).hasSize(1);
  }

  @Test
  void rebuildsWhenAPomIsNewerThanTheJar() throws Exception {
    ageEverything(LONG_AGO);
    makeJar(EARLIER);
    touch(checkout.resolve("core/pom.xml"), LATER);

    Run run = run(checkout.resolve("slipway"), "status");

    assertThat(run.err()).contains("Building Slipway");
    assertThat(mavenCalls()).hasSize(1);
  }

  @Test
  void findsItsCheckoutThroughASymbolicLinkFromAnotherFolder() throws Exception {
    ageEverything(EARLIER);
    makeJar(LATER);
    Path bin = Files.createDirectories(directory.resolve("bin"));
    Path link = Files.createSymbolicLink(bin.resolve("slipway"), checkout.resolve("slipway"));

    Run run = run(link, "history");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(mavenCalls()).isEmpty();
    assertThat(run.out())
        .startsWith(
            "java "
                + FLAGS
                + " -jar "
                + checkout.toRealPath().resolve("server/target/slipway.jar")
                + " history\n");
  }

  @Test
  void showsMavensOutputAndStopsWhenTheBuildFails() throws Exception {
    tool("mvn", "echo '[ERROR] COMPILATION ERROR : Slipway.java:[3,1] class expected'", "exit 1");

    Run run = run(checkout.resolve("slipway"), "status");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            """
            Building Slipway (first run takes a few minutes)...
            [ERROR] COMPILATION ERROR : Slipway.java:[3,1] class expected
            slipway: the build failed; Maven's output is above
            """);
    assertThat(run.out()).as("java never ran").isEmpty();
  }

  @Test
  void passesTheJavaOptionsGivenInsteadOfTheMeasuredFlags() throws Exception {
    ageEverything(EARLIER);
    makeJar(LATER);

    Run run = runWithJavaOptions(checkout.resolve("slipway"), "-Xmx512m", "--version");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("java -Xmx512m -jar ");
  }

  private record Run(int exitCode, String out, String err) {}

  /**
   * Runs the script by its path from an unrelated working folder, as a user in any folder would.
   */
  private Run run(Path script, String... args) throws Exception {
    return runWithJavaOptions(script, null, args);
  }

  private Run runWithJavaOptions(Path script, String javaOptions, String... args) throws Exception {
    Path elsewhere = Files.createDirectories(directory.resolve("elsewhere"));
    List<String> command = new ArrayList<>(List.of("sh", script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(elsewhere.toFile());
    builder.environment().put("PATH", tools + ":/usr/bin:/bin");
    builder.environment().remove("SLIPWAY_PROGRAM");
    builder.environment().remove("SLIPWAY_JAVA_OPTS");
    if (javaOptions != null) {
      builder.environment().put("SLIPWAY_JAVA_OPTS", javaOptions);
    }
    builder.redirectOutput(directory.resolve("out.txt").toFile());
    builder.redirectError(directory.resolve("err.txt").toFile());
    Process process = builder.start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the script did not finish in 30s");
    }
    return new Run(
        process.exitValue(),
        Files.readString(directory.resolve("out.txt"), UTF_8),
        Files.readString(directory.resolve("err.txt"), UTF_8));
  }

  private List<String> mavenCalls() throws IOException {
    Path log = directory.resolve("mvn.log");
    return Files.exists(log) ? Files.readAllLines(log, UTF_8) : List.of();
  }

  private void tool(String name, String... lines) throws IOException {
    Path file = tools.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + String.join("\n", lines) + "\n", UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private void makeJar(Instant at) throws IOException {
    Files.createDirectories(jar.getParent());
    Files.writeString(jar, "", UTF_8);
    touch(jar, at);
  }

  /** Sets every file and folder of the sources and poms to one time. */
  private void ageEverything(Instant at) throws IOException {
    for (String root : List.of("core", "server", "pom.xml")) {
      try (var paths = Files.walk(checkout.resolve(root))) {
        for (Path path : paths.toList()) {
          touch(path, at);
        }
      }
    }
  }

  private static void touch(Path path, Instant at) throws IOException {
    Files.setLastModifiedTime(path, FileTime.from(at));
  }

  /** The script in this checkout: next to the root pom, above the module the tests run in. */
  private static Path script() {
    Path folder = Path.of("").toAbsolutePath();
    while (folder != null) {
      Path script = folder.resolve("slipway");
      if (Files.isRegularFile(script) && Files.isRegularFile(folder.resolve("pom.xml"))) {
        return script;
      }
      folder = folder.getParent();
    }
    throw new AssertionError("no slipway script above " + Path.of("").toAbsolutePath());
  }
}

package dev.slipway.quickstart;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.slipway.error.SlipwayException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * The quickstart's folder: the manifests repository, the source repositories, {@code slipway.yaml},
 * the data directory, the token and the log. A marker file claims the folder, so that {@code
 * --fresh} only ever wipes a folder a quickstart made.
 */
final class QuickstartFolder {
  /** The components the quickstart deploys, as GC Notify names two of its apps. */
  static final List<String> COMPONENTS = List.of("api", "admin");

  /** Staging takes every build from CI; production takes what someone promotes from staging. */
  static final List<String> ENVIRONMENTS = List.of("staging", "production");

  static final String MARKER = ".slipway-quickstart";

  /** How the folder came to be ready. */
  enum State {
    /** Made now, in a folder that did not exist or was empty. */
    NEW,
    /** An earlier quickstart's folder, carried on from: its builds and history are kept. */
    REUSED,
    /** An earlier quickstart's folder, emptied first (asked with --fresh, or it was incomplete). */
    WIPED
  }

  private final Path root;
  private final State state;

  private QuickstartFolder(Path root, State state) {
    this.root = root;
    this.state = state;
  }

  /**
   * Makes the folder ready: claims a new or empty one, carries on from an earlier quickstart's, or
   * wipes that one first when {@code fresh}. Refuses any other folder, which is not ours to write
   * to.
   */
  static QuickstartFolder prepare(Path directory, boolean fresh) {
    Path root = directory.toAbsolutePath().normalize();
    try {
      if (Files.exists(root) && !Files.isDirectory(root)) {
        throw SlipwayException.invalid("--dir", "%s exists and is not a folder", root);
      }
      if (!Files.exists(root) || isEmpty(root)) {
        Files.createDirectories(root);
        claim(root);
        return new QuickstartFolder(root, State.NEW);
      }
      if (!Files.isRegularFile(root.resolve(MARKER))) {
        throw SlipwayException.invalid(
            "--dir",
            "%s is not empty and was not made by slipway quickstart; name a new or empty folder"
                + " with --dir",
            root);
      }
      QuickstartFolder earlier = new QuickstartFolder(root, State.REUSED);
      if (!fresh && earlier.isComplete()) {
        return earlier;
      }
      wipe(root);
      claim(root);
      return new QuickstartFolder(root, State.WIPED);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the quickstart folder " + root, e);
    }
  }

  Path root() {
    return root;
  }

  State state() {
    return state;
  }

  /** The bare manifests repository, standing in for a team's repository on a git host. */
  Path manifests() {
    return root.resolve("manifests.git");
  }

  /** A component's source repository, whose commits CI builds. */
  Path source(String component) {
    return root.resolve("sources").resolve(component);
  }

  Path config() {
    return root.resolve("slipway.yaml");
  }

  Path data() {
    return root.resolve("data");
  }

  /** The API token of the person running the quickstart, readable only by them. */
  Path token() {
    return root.resolve("token");
  }

  /** Where the server's log goes, so that it does not drown the narration. */
  Path log() {
    return root.resolve("slipway.log");
  }

  /** The manifests file of an environment, inside the manifests repository. */
  static String manifestsFile(String environment) {
    return "helmfile/overrides/" + environment + ".env";
  }

  /** The line of the manifests files naming a component's image tag: {@code API_DOCKER_TAG}. */
  static String manifestsKey(String component) {
    return component.toUpperCase(java.util.Locale.ROOT) + "_DOCKER_TAG";
  }

  private boolean isComplete() {
    return Files.isDirectory(manifests())
        && COMPONENTS.stream().allMatch(component -> Files.isDirectory(source(component)));
  }

  private static boolean isEmpty(Path directory) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      return !entries.iterator().hasNext();
    }
  }

  private static void claim(Path root) throws IOException {
    Files.writeString(
        root.resolve(MARKER),
        "Made by 'slipway quickstart'. 'slipway quickstart --fresh' may delete this folder.\n",
        UTF_8);
  }

  /** Deletes what is inside the folder, never following a symbolic link out of it. */
  private static void wipe(Path root) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        Files.walkFileTree(
            entry,
            new SimpleFileVisitor<>() {
              @Override
              public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                  throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
              }

              @Override
              public FileVisitResult postVisitDirectory(Path directory, IOException failure)
                  throws IOException {
                if (failure != null) {
                  throw failure;
                }
                Files.delete(directory);
                return FileVisitResult.CONTINUE;
              }
            });
      }
    }
  }
}

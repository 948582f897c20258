package dev.slipway.target.git;

import static java.util.Objects.requireNonNull;

import dev.slipway.build.Build;
import dev.slipway.target.Target;
import java.util.Optional;

/**
 * One value in one file of one git repository, such as {@code API_DOCKER_TAG} in {@code
 * helmfile/overrides/staging.env} of the manifests repository.
 */
public final class GitFileTarget implements Target {
  private final String repository;
  private final String file;
  private final ValueLocator locator;
  private final ValueTemplate template;
  private final GitRepositoryDeployer deployer;

  GitFileTarget(
      String repository,
      String file,
      ValueLocator locator,
      ValueTemplate template,
      GitRepositoryDeployer deployer) {
    this.repository = requireNonNull(repository, "repository is null");
    this.file = requireNonNull(file, "file is null");
    this.locator = requireNonNull(locator, "locator is null");
    this.template = requireNonNull(template, "template is null");
    this.deployer = requireNonNull(deployer, "deployer is null");
  }

  /** The name of the repository under {@code repositories}. */
  public String repository() {
    return repository;
  }

  /** The file's path inside the repository, with '/' separators. */
  public String file() {
    return file;
  }

  public ValueLocator locator() {
    return locator;
  }

  public ValueTemplate template() {
    return template;
  }

  @Override
  public String description() {
    return repository + ":" + file + " " + locator.description();
  }

  @Override
  public String valueFor(Build build) {
    return template.render(build, description());
  }

  @Override
  public GitRepositoryDeployer deployer() {
    return deployer;
  }

  /**
   * The value at the head of the remote branch now (fetched first), without deploying anything;
   * empty when the file or the place in it does not exist.
   */
  public Optional<String> currentValue() {
    return deployer.currentValue(file, locator);
  }

  @Override
  public String toString() {
    return description();
  }
}

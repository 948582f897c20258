package dev.slipway.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A git repository Slipway writes to, such as the manifests repository whose files name the
 * deployed versions. Credentials are never in the configuration itself: it names the environment
 * variable or file that holds them.
 *
 * @param name the key under {@code repositories}
 * @param url a local path, {@code file://}, {@code https://} or {@code ssh://} / {@code git@} URL
 * @param branch the branch deploy commits go to
 * @param username the user name sent with an HTTPS token
 * @param tokenEnv the environment variable holding an HTTPS token
 * @param tokenFile the file holding an HTTPS token
 * @param sshKeyFile the private key for SSH URLs
 * @param knownHostsFile the known-hosts file for SSH URLs (default: the user's own)
 * @param authorName the author name of Slipway's commits
 * @param authorEmail the author email of Slipway's commits
 * @param pushAttempts how many times a rejected push is fetched, re-applied and pushed again
 */
public record RepositoryConfig(
    String name,
    String url,
    String branch,
    String username,
    Optional<String> tokenEnv,
    Optional<String> tokenFile,
    Optional<String> sshKeyFile,
    Optional<String> knownHostsFile,
    String authorName,
    String authorEmail,
    int pushAttempts) {
  public RepositoryConfig {
    requireNonNull(name, "name is null");
    requireNonNull(url, "url is null");
    requireNonNull(branch, "branch is null");
    requireNonNull(username, "username is null");
    requireNonNull(tokenEnv, "tokenEnv is null");
    requireNonNull(tokenFile, "tokenFile is null");
    requireNonNull(sshKeyFile, "sshKeyFile is null");
    requireNonNull(knownHostsFile, "knownHostsFile is null");
    requireNonNull(authorName, "authorName is null");
    requireNonNull(authorEmail, "authorEmail is null");
    if (pushAttempts < 1) {
      throw new IllegalArgumentException("pushAttempts must be at least 1");
    }
  }
}

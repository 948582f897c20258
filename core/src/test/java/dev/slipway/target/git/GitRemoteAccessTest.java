package dev.slipway.target.git;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GitRemoteAccessTest {
  @Test
  void keepsTokensInHttpUrlsOutOfMessages() {
    assertThat(GitRemoteAccess.displayUrl("https://x-access-token:ghs_abc@github.com/org/m.git"))
        .isEqualTo("https://github.com/org/m.git");
    assertThat(GitRemoteAccess.displayUrl("https://ghp_abc@github.com/org/m.git"))
        .isEqualTo("https://github.com/org/m.git");
    assertThat(GitRemoteAccess.displayUrl("https://github.com/org/m.git"))
        .isEqualTo("https://github.com/org/m.git");
  }

  @Test
  void keepsTheUserOfSshUrlsAndLocalPaths() {
    assertThat(GitRemoteAccess.displayUrl("git@github.com:org/m.git"))
        .isEqualTo("git@github.com:org/m.git");
    assertThat(GitRemoteAccess.displayUrl("ssh://git@example.org:2222/m.git"))
        .isEqualTo("ssh://git@example.org:2222/m.git");
    assertThat(GitRemoteAccess.displayUrl("/srv/git/m.git")).isEqualTo("/srv/git/m.git");
  }
}

package dev.slipway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.Slipway;
import dev.slipway.bench.ReleaseRig.Author;
import dev.slipway.certification.Owners;
import dev.slipway.cli.SlipwayCommand;
import dev.slipway.config.ConfigLoader;
import dev.slipway.config.EnvironmentConfig;
import dev.slipway.config.PluginConfig;
import dev.slipway.config.PromotionPolicy;
import dev.slipway.config.Secrets;
import dev.slipway.config.SlipwayConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseRigTest {
  @TempDir Path directory;

  @Test
  void writesAConfigurationThatSlipwayValidates() {
    try (ReleaseRig rig =
        ReleaseRig.create(directory, "certifications", CertificationBenchmark.VERIFICATION)) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          SlipwayCommand.execute(
              new PrintWriter(out),
              new PrintWriter(err),
              "config",
              "validate",
              rig.config().toString());
      assertThat(code).as("slipway config validate: %s%s", out, err).isZero();
    }
  }

  @Test
  void holdsProductionReleasesCutFromStagingForTheirAuthorsToCertify() {
    try (ReleaseRig rig =
        ReleaseRig.create(directory, "certifications", CertificationBenchmark.VERIFICATION)) {
      SlipwayConfig config =
          new ConfigLoader(
                  Slipway.validator(
                      rig.dataDirectory(), Secrets.fromEnvironment(), Clock.systemUTC()))
              .load(rig.config());

      EnvironmentConfig production = config.getEnvironment(ReleaseRig.PRODUCTION);
      assertThat(production.policy()).isEqualTo(PromotionPolicy.AUTOMATIC);
      assertThat(production.upstream()).contains(Rig.STAGING);
      assertThat(production.gates())
          .extracting(PluginConfig::type)
          .containsExactly("certification");
      assertThat(config.getEnvironment(Rig.STAGING).policy()).isEqualTo(PromotionPolicy.AUTOMATIC);
      assertThat(config.releases().takesReleases(ReleaseRig.PRODUCTION)).isTrue();
      assertThat(config.getComponent(Rig.API).repository()).contains(rig.source().path());
      Owners owners = new Owners(config.releases());
      for (Author author : ReleaseRig.AUTHORS) {
        assertThat(author.commitEmail()).isNotEqualTo(author.email());
        assertThat(owners.mainEmail(author.commitEmail()))
            .as("whose commits %s makes", author.commitEmail())
            .isEqualTo(author.email());
      }
      assertThat(rig.token(ReleaseRig.ADA))
          .startsWith("slw_")
          .isNotEqualTo(rig.token(ReleaseRig.GRACE))
          .isNotEqualTo(rig.ciToken());
    }
  }
}

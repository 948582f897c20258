package dev.slipway.target.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.error.SlipwayException;
import org.junit.jupiter.api.Test;

class YamlPathLocatorTest {
  /** A kustomize overlay as the seed team used before their .env files. */
  static final String KUSTOMIZATION =
      """
      apiVersion: kustomize.config.k8s.io/v1beta1
      kind: Kustomization
      # Notify on staging: one image per component.
      namespace: notification-canada-ca

      resources:
        - ../../base

      images:
        - name: api
          newName: public.ecr.aws/cds-snc/notify-api
          newTag: 1a2b3c4   # set by the release bot
        - name: admin
          newName: public.ecr.aws/cds-snc/notify-admin
          newTag: "78962bb"
        - name: document-download-api
          newName: public.ecr.aws/cds-snc/notify-document-download-api
          newTag: '5e6f7a8'
      """;

  /** A Helm chart's values with comments, nesting, lists and a flow mapping. */
  static final String VALUES =
      """
      # Default values for notify-api.
      replicaCount: 3

      image:
        repository: public.ecr.aws/cds-snc/notify-api
        # The tag is overridden per environment.
        tag: "1a2b3c4"
        pullPolicy: IfNotPresent

      celery:
        image:
          tag: 1a2b3c4 # the api image runs the workers too

      containers:
        - name: api
          image: public.ecr.aws/cds-snc/notify-api:1a2b3c4
        - name: sidecar
          image: busybox:1.36

      annotations: {team: notify, tag: "x"}
      """;

  @Test
  void setsAKustomizeImageChosenByNameAndNothingElse() {
    ValueLocator locator = ValueLocator.yamlPath("images[name=api].newTag");

    String written = locator.write(KUSTOMIZATION, "f3d0498");

    assertThat(written)
        .isEqualTo(
            KUSTOMIZATION.replace("newTag: 1a2b3c4   # set by", "newTag: f3d0498   # set by"));
    assertThat(Lines.changed(KUSTOMIZATION, written)).containsExactly(12);
    assertThat(locator.read(written)).contains("f3d0498");
  }

  @Test
  void keepsDoubleAndSingleQuotes() {
    String written =
        ValueLocator.yamlPath("images[name=document-download-api].newTag")
            .write(
                ValueLocator.yamlPath("images[name=admin].newTag").write(KUSTOMIZATION, "f3d0498"),
                "abc1234");

    assertThat(written).contains("newTag: \"f3d0498\"\n").contains("newTag: 'abc1234'\n");
    assertThat(Lines.changed(KUSTOMIZATION, written)).containsExactly(15, 18);
  }

  @Test
  void choosesByAFieldValueWithDotsAndSlashes() {
    ValueLocator locator =
        ValueLocator.yamlPath("images[newName=public.ecr.aws/cds-snc/notify-admin].newTag");

    assertThat(locator.read(KUSTOMIZATION)).contains("78962bb");
  }

  @Test
  void setsNestedKeysAndListElementsOfHelmValues() {
    String written = VALUES;
    written = ValueLocator.yamlPath("image.tag").write(written, "f3d0498");
    written = ValueLocator.yamlPath("celery.image.tag").write(written, "f3d0498");
    written =
        ValueLocator.yamlPath("containers[0].image")
            .write(written, "public.ecr.aws/cds-snc/notify-api:f3d0498");
    written =
        ValueLocator.yamlPath("containers[name=sidecar].image").write(written, "busybox:1.37");
    written = ValueLocator.yamlPath("annotations.tag").write(written, "y");

    assertThat(written)
        .isEqualTo(
            VALUES
                .replace("tag: \"1a2b3c4\"", "tag: \"f3d0498\"")
                .replace("tag: 1a2b3c4 # the api", "tag: f3d0498 # the api")
                .replace("notify-api:1a2b3c4", "notify-api:f3d0498")
                .replace("busybox:1.36", "busybox:1.37")
                .replace("tag: \"x\"}", "tag: \"y\"}"));
    assertThat(Lines.changed(VALUES, written)).containsExactly(7, 12, 16, 18, 20);
  }

  @Test
  void quotesAPlainValueThatWouldReadAsSomethingElse() {
    ValueLocator locator = ValueLocator.yamlPath("celery.image.tag");

    assertThat(locator.write(VALUES, "1234567")).contains("tag: \"1234567\" # the api");
    assertThat(locator.write(VALUES, "yes")).contains("tag: \"yes\" # the api");
    assertThat(locator.write(VALUES, "a: b")).contains("tag: \"a: b\" # the api");
    assertThat(locator.write(VALUES, "a #b")).contains("tag: \"a #b\" # the api");
    assertThat(locator.read(locator.write(VALUES, "1234567"))).contains("1234567");
  }

  @Test
  void quotesAPlainValueInAFlowMappingThatWouldEndIt() {
    String flow = "images: [{name: api, newTag: abc}]\n";

    String written = ValueLocator.yamlPath("images[name=api].newTag").write(flow, "a,b}");

    assertThat(written).isEqualTo("images: [{name: api, newTag: \"a,b}\"}]\n");
  }

  @Test
  void keepsWindowsLineEndings() {
    String crlf = VALUES.replace("\n", "\r\n");

    String written = ValueLocator.yamlPath("celery.image.tag").write(crlf, "f3d0498");

    assertThat(written).isEqualTo(crlf.replace("tag: 1a2b3c4 #", "tag: f3d0498 #"));
    assertThat(Lines.changed(crlf, written)).containsExactly(12);
  }

  @Test
  void findsThePathInTheOneDocumentThatHasIt() {
    String manifests =
        """
        apiVersion: apps/v1
        kind: Deployment
        spec:
          template:
            spec:
              containers:
                - name: api
                  image: notify-api:1a2b3c4
        ---
        apiVersion: v1
        kind: Service
        spec:
          ports:
            - port: 80
        """;

    String written =
        ValueLocator.yamlPath("spec.template.spec.containers[0].image")
            .write(manifests, "notify-api:f3d0498");

    assertThat(written).isEqualTo(manifests.replace("1a2b3c4", "f3d0498"));
    assertThatThrownBy(() -> ValueLocator.yamlPath("apiVersion").read(manifests))
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("matches in 2 documents of the file (lines 1, 10)");
  }

  @Test
  void keepsAnAnchorAndTagInFrontOfTheValue() {
    String content = "image:\n  tag: &current !!str 1a2b3c4 # note\n";

    assertThat(ValueLocator.yamlPath("image.tag").write(content, "f3d0498"))
        .isEqualTo("image:\n  tag: &current !!str f3d0498 # note\n");
  }

  @Test
  void findsTheValueAfterCharactersOutsideTheBasicPlane() {
    String content = "# \uD83D\uDE80 release train \uD83D\uDE82\nimage:\n  tag: \"1a2b3c4\"\n";

    assertThat(ValueLocator.yamlPath("image.tag").write(content, "f3d0498"))
        .isEqualTo(content.replace("1a2b3c4", "f3d0498"));
  }

  @Test
  void refusesAValueReachedThroughAnAlias() {
    String content = "defaults:\n  tag: &tag 1a2b3c4\nimage:\n  tag: *tag\n";

    assertThatThrownBy(() -> ValueLocator.yamlPath("image.tag").write(content, "f3d0498"))
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("through an alias to line 2");
    assertThat(ValueLocator.yamlPath("defaults.tag").write(content, "f3d0498"))
        .isEqualTo("defaults:\n  tag: &tag f3d0498\nimage:\n  tag: *tag\n");
  }

  @Test
  void refusesBlockScalarsAndEmptyValues() {
    assertThatThrownBy(() -> ValueLocator.yamlPath("tag").write("tag: |\n  abc\n", "f3d0498"))
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("block scalar");
    assertThatThrownBy(() -> ValueLocator.yamlPath("image.tag").write("image:\n  tag:\n", "x"))
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("has no value on line 2 to replace");
  }

  @Test
  void saysWhereAMissingPathStops() {
    assertThatThrownBy(
            () -> ValueLocator.yamlPath("images[name=web].newTag").write(KUSTOMIZATION, "x"))
        .isInstanceOfSatisfying(
            SlipwayException.class,
            e -> {
              assertThat(e.isTerminal()).isTrue();
              assertThat(e.field()).contains("yamlPath");
            })
        .hasMessage(
            "yamlPath images[name=web].newTag is not in the file: 'images' has no element with"
                + " name=web");
    assertThatThrownBy(() -> ValueLocator.yamlPath("image.digest").write(VALUES, "x"))
        .hasMessageEndingWith("'image' has no key 'digest'");
    assertThatThrownBy(() -> ValueLocator.yamlPath("containers[5].image").write(VALUES, "x"))
        .hasMessageEndingWith("'containers' has 2 elements, so no element [5]");
    assertThatThrownBy(() -> ValueLocator.yamlPath("image[0]").write(VALUES, "x"))
        .hasMessageEndingWith("'image' is not a list");
    assertThat(ValueLocator.yamlPath("image.digest").read(VALUES)).isEmpty();
  }

  @Test
  void refusesAmbiguousChoicesAndNonScalars() {
    String twice = "images:\n  - name: api\n    newTag: a\n  - name: api\n    newTag: b\n";

    assertThatThrownBy(() -> ValueLocator.yamlPath("images[name=api].newTag").read(twice))
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("2 elements of 'images' have name=api");
    assertThatThrownBy(() -> ValueLocator.yamlPath("image").read(VALUES))
        .isInstanceOf(SlipwayException.class)
        .hasMessage("yamlPath image is a mapping on line 5, not a single value");
  }

  @Test
  void reportsAFileThatIsNotYamlWithTheLine() {
    assertThatThrownBy(() -> ValueLocator.yamlPath("a.b").read("a:\n  b: [1, 2\nc: 3\n"))
        .isInstanceOf(SlipwayException.class)
        .hasMessageStartingWith("the file is not valid YAML, so yamlPath a.b cannot be found:")
        .hasMessageContaining("on line 3");
  }

  @Test
  void refusesPathsThatAreNotPaths() {
    for (String path : new String[] {"", " a", ".a", "a.", "a..b", "a[", "a[x]", "a]b", "a.[0]"}) {
      assertThatThrownBy(() -> ValueLocator.yamlPath(path))
          .as(path)
          .isInstanceOfSatisfying(
              SlipwayException.class, e -> assertThat(e.field()).contains("yamlPath"));
    }
    assertThat(ValueLocator.yamlPath("[0].image").read("- image: a\n")).contains("a");
  }
}

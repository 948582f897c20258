package dev.slipway.evidence;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.TestDatabase;
import dev.slipway.testing.TestingServer;
import java.io.File;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** The page of a test run, as a person opening a link from chat sees it in Chromium. */
class RunPageBrowserTest {
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  @TempDir static Path directory;

  private static TestingServer server;
  private static WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)),
        "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
    server = TestingServer.start(directory, TestDatabase.H2, TestingServer.Timings.fast());
    server.post("api/v1/builds", TestingServer.build("api", EvidenceApiTest.GOOD));
    JsonNode promotions = server.get("api/v1/promotions?environment=staging").json();
    server.awaitPromotion(
        promotions.get(0).get("id").asLong(),
        TestingServer.phase("SUCCEEDED"),
        Duration.ofSeconds(30));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--user-data-dir=" + Files.createDirectories(directory.resolve("chromium-profile")));
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  private static long upload(String suite, String report, String url) {
    TestingServer.Answer answer =
        server.send(
            HttpRequest.newBuilder(
                    server
                        .url()
                        .resolve(
                            "api/v1/evidence?environment=staging&format=junit&suite="
                                + suite
                                + "&url="
                                + url))
                .POST(HttpRequest.BodyPublishers.ofString(report, UTF_8)),
            server.token());
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json().get("id").asLong();
  }

  @Test
  void showsTheSummaryFailuresWithStackTracesBuildsAndTheCiRunWithoutAToken() {
    long id = upload("smoke", EvidenceApiTest.REPORT, "https://ci.example.org/runs/9");

    browser.get(server.url().resolve("evidence/" + id).toString());

    assertThat(browser.getTitle()).isEqualTo("smoke in staging, run " + id + " — failed");
    assertThat(browser.findElement(By.id("verdict")).getText()).isEqualTo("failed");
    assertThat(browser.findElement(By.id("counts")).getText())
        .isEqualTo("2 passed, 1 failed, 1 skipped of 4");
    assertThat(browser.findElement(By.cssSelector("#failed .case-name")).getText())
        .startsWith("smoke › sign-in works");
    assertThat(browser.findElement(By.cssSelector("#failed .message")).getText())
        .isEqualTo("expected status 200 but was 502");
    assertThat(browser.findElement(By.cssSelector("#failed .details")).getText())
        .contains("AssertionError: expected status 200 but was 502")
        .contains("at signIn (smoke.js:12)");
    assertThat(browser.findElement(By.id("builds")).getText())
        .contains("api", EvidenceApiTest.GOOD);
    assertThat(browser.findElement(By.id("ci-run")).getAttribute("href"))
        .isEqualTo("https://ci.example.org/runs/9");
  }

  @Test
  void showsAFailedCasesOutputWhenAskedAndTheApiGivesItToo() {
    long id =
        upload(
            "output",
            "<testsuite name=\"output\"><testcase classname=\"output\" name=\"sends\">"
                + "<failure message=\"no email\"/>"
                + "<system-out>queued message 42</system-out>"
                + "<system-err>SMTP refused: 421</system-err></testcase></testsuite>",
            "https://ci.example.org/runs/11");

    browser.get(server.url().resolve("evidence/" + id).toString());
    var out = browser.findElement(By.cssSelector("#failed .system-out"));
    var err = browser.findElement(By.cssSelector("#failed .system-err"));
    assertThat(out.findElement(By.tagName("pre")).isDisplayed()).as("folded at first").isFalse();
    out.findElement(By.tagName("summary")).click();
    err.findElement(By.tagName("summary")).click();

    assertThat(out.findElement(By.tagName("pre")).getText()).isEqualTo("queued message 42");
    assertThat(err.findElement(By.tagName("pre")).getText()).isEqualTo("SMTP refused: 421");
    JsonNode failed = server.get("api/v1/evidence/" + id).json().get("failedCases").get(0);
    assertThat(failed.get("systemOut").asText()).isEqualTo("queued message 42");
    assertThat(failed.get("systemErr").asText()).isEqualTo("SMTP refused: 421");
  }

  @Test
  void listsTheCasesThatPassedAndFailedOnTheSameBuildsAsFlaky() {
    upload(
        "e2e",
        "<testsuite name=\"e2e\"><testcase classname=\"e2e\" name=\"checkout\"/>"
            + "<testcase classname=\"e2e\" name=\"search\"/></testsuite>",
        "https://ci.example.org/runs/10");
    long id =
        upload(
            "e2e",
            "<testsuite name=\"e2e\"><testcase classname=\"e2e\" name=\"checkout\">"
                + "<failure message=\"button not found\"/></testcase>"
                + "<testcase classname=\"e2e\" name=\"search\"/></testsuite>",
            "https://ci.example.org/runs/11");

    browser.get(server.url().resolve("evidence/" + id).toString());

    assertThat(browser.findElements(By.cssSelector("#flaky li")))
        .extracting(element -> element.getText())
        .containsExactly("e2e › checkout (failed here)");
  }

  @Test
  void escapesWhatAReportSaysInsteadOfRunningIt() {
    long id =
        upload(
            "smoke",
            "<testsuite name=\"smoke\"><testcase classname=\"smoke\""
                + " name=\"&lt;script&gt;document.title='owned'&lt;/script&gt;\">"
                + "<failure message=\"&lt;b&gt;bold&lt;/b&gt;\"/></testcase></testsuite>",
            "https://ci.example.org/runs/12");

    browser.get(server.url().resolve("evidence/" + id).toString());

    assertThat(browser.getTitle()).isEqualTo("smoke in staging, run " + id + " — failed");
    assertThat(browser.findElement(By.cssSelector("#failed .message")).getText())
        .isEqualTo("<b>bold</b>");
  }

  @Test
  void answersAMissingRunWithANotFoundPage() {
    TestingServer.Answer answer =
        server.send(HttpRequest.newBuilder(server.url().resolve("evidence/999")).GET(), null);
    TestingServer.Answer notANumber =
        server.send(HttpRequest.newBuilder(server.url().resolve("evidence/latest")).GET(), null);

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.contentType()).startsWith("text/html");
    assertThat(notANumber.status()).isEqualTo(404);
    browser.get(server.url().resolve("evidence/999").toString());
    assertThat(browser.getTitle()).isEqualTo("Test run not found");
    assertThat(browser.findElement(By.id("missing")).getText())
        .startsWith("There is no test run 999.");
    browser.get(server.url().resolve("evidence/%3Cb%3Ex%3C%2Fb%3E").toString());
    assertThat(browser.findElement(By.id("missing")).getText())
        .as("what the link said is shown as text, never as markup")
        .startsWith("There is no test run '<b>x</b>'.");
  }
}

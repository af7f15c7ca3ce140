package dev.pitapat.status;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pitapat.deploy.DeployPipeline;
import dev.pitapat.model.AppName;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Target;
import dev.pitapat.store.DeliveryQueue;
import dev.pitapat.store.DeliveryRecord;
import dev.pitapat.store.DeliveryStatus;
import dev.pitapat.store.DeployRecords;
import dev.pitapat.store.EnvironmentLocks;
import dev.pitapat.store.Lease;
import dev.pitapat.testing.GitHubStandIn;
import dev.pitapat.testing.Payloads;
import dev.pitapat.testing.TestPem;
import dev.pitapat.testing.WebhookClient;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The status page as a person sees it, in a real headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}, never downloaded) against the real bot: signed {@code /deploy} and {@code /lock} comments go
 * through the intake with WireMock standing in for GitHub and land in a local GitOps repository; a deploy waits
 * behind one holding its environment, and a delivery fails for good. The page is read as text, also at a phone's
 * width, and screenshots are saved under {@code target/}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pitapat.github.webhook-secret=" + StatusPageBrowserTest.SECRET,
            "pitapat.github.app-id=4242",
            "pitapat.queue.max-attempts=2",
            "pitapat.queue.backoff=20ms",
            "pitapat.deploy.line-poll=20ms"
        })
class StatusPageBrowserTest {

    static final String SECRET = "status-page-secret-c0ffee";
    static final String REPO = "/repos/Codertocat/Hello-World";
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path GITOPS =
            Path.of(System.getProperty("java.io.tmpdir"), "pitapat-status-browser-" + UUID.randomUUID());
    static final String POLICY = """
            app: pages
            environments:
              staging: {}
              production: {}
              qa: {}
            """;
    /** The deploy that holds {@code qa} while another waits behind it. */
    static final String HOLDER = "d-0000000da1a0";

    @RegisterExtension
    static WireMockExtension github = WireMockExtension.newInstance()
            .options(WireMockConfiguration.wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private static WebDriver browser;
    private static Path profile;
    private static String failedReason;
    /** The hold on {@code qa} and the store, to let the waiting deploy run its turn once the class is done. */
    private static Lease held;

    private static EnvironmentLocks heldBy;
    private static DeployRecords openRecords;

    @LocalServerPort
    int port;

    @Autowired
    DeliveryQueue queue;

    @Autowired
    DeployPipeline pipeline;

    @Autowired
    EnvironmentLocks locks;

    @Autowired
    DeployRecords records;

    private WebhookClient webhook;

    @DynamicPropertySource
    static void gitHub(DynamicPropertyRegistry registry) {
        registry.add("pitapat.gitops.repo", () -> GITOPS.resolve("gitops.git").toString());
        registry.add("pitapat.gitops.workdir", () -> GITOPS.resolve("work").toString());
        registry.add("pitapat.github.api-url", github::baseUrl);
        String pem = TestPem.newAppKey();
        registry.add("pitapat.github.private-key", () -> pem);
    }

    @BeforeAll
    static void startBrowser() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("the status page test drives Debian's Chromium: install it with"
                        + " `apt-get install -y --no-install-recommends chromium chromium-driver`"
                        + " (expected " + CHROMIUM + " and " + CHROMEDRIVER + ")")
                .isTrue();
        profile = Files.createTempDirectory("pitapat-chromium");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void letTheWaitingDeployRun() {
        if (held != null) {
            heldBy.release(held);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> openRecords.open().isEmpty());
        }
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
        org.springframework.util.FileSystemUtils.deleteRecursively(profile.toFile());
    }

    @BeforeEach
    void deployedLockedWaitingAndFailed() {
        webhook = new WebhookClient(port, SECRET);
        if (failedReason != null) {
            return;
        }
        stubGitHub();
        deployed("/deploy staging --sha 553c207");
        deployed("/deploy staging");
        deployed("/deploy production");
        deployed("/deploy qa --sha 553c207");
        assertThat(handled(comment("/lock production db migration <b>tonight</b>", 1))
                        .status())
                .isEqualTo(DeliveryStatus.DONE);
        held = locks.tryAcquire(target("qa"), HOLDER, Duration.ofMinutes(10)).orElseThrow();
        heldBy = locks;
        openRecords = records;
        String waiting = comment("/deploy qa", 1);
        handled(waiting);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> locks.waiting(target("qa")).size() == 1);
        DeliveryRecord failed = handled(comment("/deploy staging", 999)); // an installation GitHub does not know
        assertThat(failed.status()).isEqualTo(DeliveryStatus.FAILED);
        failedReason = failed.lastError().orElseThrow();
    }

    @Test
    void aPersonSeesEachEnvironmentWithWhatRunsWhatHoldsItWhatWaitsAndWhatFailed() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 1600));
        browser.get("http://127.0.0.1:" + port + "/");

        assertThat(browser.getTitle()).isEqualTo("pitapat status");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("pitapat");
        String app = browser.findElement(By.id("app-pages")).getText();
        assertThat(app)
                .contains("staging", "production", "qa")
                .contains("Now\n6dcb09b from pull request #7: deploy by @Codertocat")
                .contains("553c207") // staging before, and qa now
                .contains("Locked by @Codertocat", "db migration <b>tonight</b>")
                .contains(HOLDER)
                .contains("Waiting in line\n")
                .contains("https://pages-staging.apps.localhost");
        assertThat(waitingText()).contains("by @Codertocat", "6dcb09b", "#7", "waiting");
        assertThat(browser.findElement(By.id("app-pages"))
                        .findElement(By.linkText("6dcb09b"))
                        .getAttribute("href"))
                .isEqualTo(
                        github.baseUrl() + "/Codertocat/Hello-World/commit/6dcb09b5b57875f334f61aebed695e2e4193db5e");
        assertThat(browser.findElement(By.className("deliveries")).getText()).contains("failed", failedReason);
        screenshot("status-page-wide.png");
    }

    @Test
    void onAPhoneThePageIsOneColumnWithoutScrollingSideways() throws Exception {
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get("http://127.0.0.1:" + port + "/");

        JavascriptExecutor js = (JavascriptExecutor) browser;
        assertThat((Long) js.executeScript("return window.innerWidth")).isLessThanOrEqualTo(390L);
        assertThat((Boolean) js.executeScript("return document.documentElement.scrollWidth <= window.innerWidth"))
                .as("no horizontal scrolling at a phone's width")
                .isTrue();
        var environments = browser.findElements(By.cssSelector("#app-pages .env"));
        assertThat(environments).hasSize(3);
        assertThat(environments.stream().map(e -> e.getLocation().getX()).distinct())
                .as("one column")
                .hasSize(1);
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("Locked by @Codertocat", failedReason);
        screenshot("status-page.png");
    }

    private String waitingText() {
        return browser.findElement(
                        By.xpath("//article[@aria-label='pages qa']//dt[.='Waiting in line']/following-sibling::dd[1]"))
                .getText();
    }

    private void screenshot(String name) throws Exception {
        Files.write(Path.of("target", name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private void stubGitHub() {
        github.stubFor(post(urlEqualTo("/app/installations/1/access_tokens"))
                .willReturn(GitHubStandIn.fixture(201, "installation-token.json")));
        github.stubFor(get(urlEqualTo(REPO + "/pulls/7")).willReturn(GitHubStandIn.fixture(200, "pull-request.json")));
        github.stubFor(get(urlEqualTo(REPO + "/pulls/7/commits?per_page=100&page=1"))
                .willReturn(GitHubStandIn.fixture(200, "pull-request-commits.json")));
        github.stubFor(post(urlEqualTo(REPO + "/issues/7/comments"))
                .willReturn(GitHubStandIn.fixture(201, "issue-comment-created.json")));
        github.stubFor(post(urlEqualTo(REPO + "/issues/comments/492700400/reactions"))
                .willReturn(GitHubStandIn.fixture(201, "reaction-created.json")));
        github.stubFor(get(urlEqualTo(REPO + "/collaborators/Codertocat/permission"))
                .willReturn(GitHubStandIn.fixture(200, "collaborator-permission-write.json")));
        github.stubFor(get(urlEqualTo(REPO + "/contents/.github/pitapat.yml?ref=master"))
                .willReturn(GitHubStandIn.contents(POLICY)));
        GitHubStandIn.takesReports(github, REPO, 7);
    }

    /** Delivers the comment, waits until its deploy has finished, and returns nothing: the page shows it. */
    private void deployed(String text) {
        String id = comment(text, 1);
        assertThat(handled(id).status()).isEqualTo(DeliveryStatus.DONE);
        DeploymentId deployment = DeploymentId.derived(id, "1");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> pipeline.progress(deployment)
                        .filter(dev.pitapat.deploy.Progress::finished)
                        .isPresent());
    }

    /** Delivers {@code text} as a comment on pull request #7 from installation {@code installation}. */
    private String comment(String text, long installation) {
        String id = UUID.randomUUID().toString();
        byte[] body = Payloads.commentOnPullRequest(7, text)
                .setJson("/installation/id", Long.toString(installation))
                .bytes();
        assertThat(webhook.deliver("issue_comment", id, body).statusCode()).isEqualTo(202);
        return id;
    }

    /** The delivery's record once it is done or failed for good. */
    private DeliveryRecord handled(String id) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> queue.record(id).orElse(null),
                        r -> r != null && (r.status() == DeliveryStatus.DONE || r.status() == DeliveryStatus.FAILED));
    }

    private static Target target(String env) {
        return new Target(new AppName("pages"), new EnvName(env));
    }
}

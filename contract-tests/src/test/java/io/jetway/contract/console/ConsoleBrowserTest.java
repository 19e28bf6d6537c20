package io.jetway.contract.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.jetway.contract.fake.FakeResponse;
import io.jetway.contract.support.GatewayHarness;
import io.jetway.gateway.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: Debian's headless {@code chromium} driven through {@code chromedriver}
 * by Selenium, against an in-process gateway with a fake upstream. One browser for the whole class;
 * the tests run in order (log in, filter, open a trace, create a virtual key and use it, usage, configs).
 *
 * <p>Without chromium or chromedriver the class is skipped locally and fails under CI ({@code CI} set).
 * With {@code -Djetway.screenshots=<dir>} it saves a screenshot of each page there (the README's).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("JETWAY_TEST_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER =
            Path.of(System.getenv().getOrDefault("JETWAY_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final String SECRET = "sk-proj-BROWSER-SECRET-0123456789wxyz";
    static final String BODY = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}";
    /** The gateway's clock starts a day ago (the traffic spreads over it) and ends at the browser's now. */
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    static final MutableClock CLOCK = new MutableClock(NOW.minus(Duration.ofHours(23)));

    static GatewayHarness gw;
    static WebDriver browser;
    static WebDriverWait wait;
    static Path screenshots;

    @BeforeAll
    static void start() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            String missing = "chromium (" + CHROMIUM + ") or chromedriver (" + CHROMEDRIVER + ") is missing: "
                    + "apt-get install chromium chromium-driver";
            if (System.getenv("CI") != null) {
                fail(missing);
            }
            Assumptions.assumeTrue(false, missing);
        }
        String dir = System.getProperty("jetway.screenshots");
        screenshots = dir == null || dir.isBlank() ? null : Path.of(dir);
        gw = GatewayHarness.start(
                Map.of("JETWAY_ADMIN_TOKEN", GatewayHarness.ADMIN_TOKEN, "JETWAY_LOG_BODIES", "true"), CLOCK);
        traffic();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--window-size=1440,1300",
                "--force-device-scale-factor=1",
                "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(10));
    }

    /** A day of traffic: three models, two users, some upstream failures, one an hour. */
    static void traffic() {
        List<String> models = List.of("gpt-4o-mini", "gpt-4o", "gpt-4.1-mini");
        for (int i = 0; i < 23; i++) {
            String model = models.get(i % 3);
            if (i % 7 == 3) {
                gw.upstream().enqueue(FakeResponse.error(502, "upstream unavailable", "server_error", null));
            } else {
                gw.upstream()
                        .enqueue(FakeResponse.chatCompletion("Answer " + i)
                                .model(model)
                                .withUsage(200 + 40 * i, 50 + 10 * (i % 5)));
            }
            HttpResponse<String> res = gw.chat(BODY.formatted(model, "Question " + i))
                    .header(
                            "x-portkey-metadata",
                            "{\"_user\":\"" + (i % 2 == 0 ? "ann" : "bob") + "\",\"team\":\"search\"}")
                    .send();
            assertThat(res.statusCode()).isIn(200, 502);
            CLOCK.advance(Duration.ofHours(1));
        }
        CLOCK.set(NOW);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (gw != null) {
            gw.close();
        }
    }

    static WebElement byId(String id) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    static void type(String id, String text) {
        WebElement e = byId(id);
        e.clear();
        e.sendKeys(text);
    }

    static List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#traffic-rows tr[data-id]"));
    }

    /** Waits for the Traffic table to show a page loaded after {@code since} (its status's stamp). */
    static void awaitTraffic(String since) {
        wait.until(d -> {
            String now = d.findElement(By.id("traffic-status")).getDomAttribute("data-loaded");
            return now != null && !now.equals(since);
        });
    }

    static String trafficStamp() {
        return browser.findElement(By.id("traffic-status")).getDomAttribute("data-loaded");
    }

    static void screenshot(String name) {
        if (screenshots == null) {
            return;
        }
        try {
            Files.createDirectories(screenshots);
            byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
            Files.write(screenshots.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @Order(1)
    void anOperatorLogsInWithTheAdminTokenAndSeesTheTraffic() {
        browser.get(gw.url() + "/console/");
        type("login-token", "not-the-token");
        byId("login-submit").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "not the admin token"));
        screenshot("login");

        type("login-token", GatewayHarness.ADMIN_TOKEN);
        byId("login-submit").click();

        byId("traffic-table");
        wait.until(d -> rows().size() == 23);
        assertThat(browser.manage().getCookieNamed("jetway_console").isHttpOnly())
                .isTrue();
        assertThat(browser.manage().getCookieNamed("jetway_console").getSameSite())
                .isEqualTo("Strict");
        byId("f-live").click(); // no refresh under the test's clicks
    }

    @Test
    @Order(2)
    void theLogFiltersByModelAndStatusClass() {
        String before = trafficStamp();
        type("f-model", "gpt-4o");
        byId("f-apply").click();
        awaitTraffic(before);

        assertThat(rows())
                .hasSize(8)
                .allSatisfy(
                        r -> assertThat(r.findElements(By.tagName("td")).get(2).getText())
                                .isEqualTo("gpt-4o"));

        before = trafficStamp();
        type("f-model", "");
        new Select(byId("f-status")).selectByValue("5xx");
        byId("f-apply").click();
        awaitTraffic(before);
        assertThat(rows()).hasSize(3).allSatisfy(r -> assertThat(r.getText()).contains("502"));
        screenshot("traffic-filtered");
    }

    @Test
    @Order(3)
    void aRowOpensItsTraceWithTokensCostTimingAndBodies() {
        String before = trafficStamp();
        new Select(byId("f-status")).selectByValue("");
        type("f-model", "gpt-4.1-mini");
        byId("f-apply").click();
        awaitTraffic(before);

        rows().get(0).click();

        WebElement trace = byId("trace");
        wait.until(ExpectedConditions.textToBePresentInElement(trace, "Time to first byte"));
        assertThat(trace.getText())
                .contains("Attempts")
                .contains("Tokens")
                .contains("Cost")
                .contains("gpt-4.1-mini")
                .contains("_user");
        assertThat(byId("trace-request-body").getText()).contains("Question 20");
        assertThat(byId("trace-response-body").getText()).contains("Answer 20");
        screenshot("traffic");
    }

    @Test
    @Order(4)
    void aVirtualKeyCreatedInTheConsoleServesARequestThatAppearsInTheLog() {
        browser.get(gw.url() + "/console/#keys");
        type("vk-id", "openai-console");
        type("vk-provider", "openai");
        type("vk-api-key", SECRET);
        type("vk-custom-host", gw.upstreamV1());
        byId("vk-save").click();
        wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#vk-rows tr[data-id='openai-console']")));
        assertThat(browser.findElement(By.cssSelector("#vk-rows tr[data-id='openai-console']"))
                        .getText())
                .contains("…wxyz")
                .doesNotContain(SECRET);
        assertThat(browser.getPageSource()).doesNotContain(SECRET);
        assertThat(byId("vk-api-key").getDomProperty("value")).isEmpty();
        screenshot("keys");

        gw.upstream()
                .enqueue(FakeResponse.chatCompletion("via the console's key")
                        .model("gpt-4o-vk")
                        .withUsage(12, 3));
        HttpResponse<String> res = gw.chat(BODY.formatted("gpt-4o-vk", "through a virtual key"))
                .without("authorization")
                .without("x-portkey-provider")
                .without("x-portkey-custom-host")
                .header("x-portkey-virtual-key", "openai-console")
                .send();
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(gw.upstream().requests().getLast().header("authorization")).isEqualTo("Bearer " + SECRET);

        byId("nav-traffic").click();
        byId("f-live").click();
        String before = trafficStamp();
        type("f-model", "gpt-4o-vk");
        byId("f-apply").click();
        awaitTraffic(before);
        assertThat(rows()).hasSize(1);
        rows().get(0).click();
        wait.until(ExpectedConditions.textToBePresentInElement(byId("trace"), "via the console's key"));
        assertThat(browser.getPageSource()).doesNotContain(SECRET);
    }

    @Test
    @Order(5)
    void theUsagePageChartsRequestsTokensCostAndLatencyAndShowsBudgets() {
        HttpResponse<String> limit = gw.admin(
                        "PUT",
                        "/v1/admin/limits/user/ann",
                        "{\"requests_per_minute\":60,\"daily_budget_usd\":2,\"monthly_budget_usd\":20}")
                .send();
        assertThat(limit.statusCode()).as(limit.body()).isEqualTo(200);
        browser.get(gw.url() + "/console/#usage");

        wait.until(d ->
                d.findElements(By.cssSelector("#usage-charts .chart canvas")).size() == 5);
        assertThat(byId("usage-summary").getText()).contains("Requests").contains("24");
        new Select(byId("u-group")).selectByValue("model");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("chart-requests"), "gpt-4.1-mini"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("budget-table"), "ann"));
        assertThat(byId("budget-table").getText()).contains("$2.00");
        screenshot("usage");
    }

    @Test
    @Order(6)
    void theConfigEditorShowsTheServersErrorsAtTheirPath() {
        browser.get(gw.url() + "/console/#keys");
        type("cfg-id", "broken");
        WebElement editor = byId("cfg-json");
        editor.clear();
        editor.sendKeys("{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[{\"virtual_key\":\"openai-console\"},"
                + "{\"provider\":\"openai\",\"weight\":\"heavy\"}]}");
        byId("cfg-save").click();

        WebElement problems = byId("cfg-problems");
        wait.until(ExpectedConditions.textToBePresentInElement(problems, "config.targets[1].weight"));
        assertThat(problems.getText()).contains("line 11");
        assertThat(browser.findElements(By.cssSelector("#cfg-gutter .bad"))).isNotEmpty();
        screenshot("configs-errors");

        editor.clear();
        editor.sendKeys("{\"strategy\":{\"mode\":\"fallback\"},\"targets\":[{\"virtual_key\":\"openai-console\"}]}");
        type("cfg-id", "fallback-prod");
        byId("cfg-save").click();
        wait.until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#cfg-rows tr[data-id='fallback-prod']")));
    }

    @Test
    @Order(7)
    void aGatewayApiKeyIsShownOnceAtCreation() {
        type("ak-name", "team-search");
        byId("ak-create").click();
        String key = byId("ak-secret").getDomProperty("value");
        assertThat(key).startsWith("jw-");
        screenshot("keys-api-key-once");
        byId("ak-done").click();
        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ak-rows"), "team-search"));
        assertThat(browser.getPageSource()).doesNotContain(key);
    }
}

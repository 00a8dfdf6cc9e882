package io.redline.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redline.localstack.StackBackend;
import io.redline.localstack.StackDirs;
import io.redline.localstack.demo.DemoFeed;
import io.redline.localstack.demo.PublishedArticle;
import io.redline.localstack.run.RedlineStack;
import io.redline.localstack.run.StackSettings;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The newsroom console in headless Chromium against a whole stack as {@code ./redline up} runs it (Kafka,
 * Elasticsearch, the demo feeds, the four services and console-service as built jars, on free ports): a new user's
 * day, step by step in the issue's order (sign in, search, narrow by a facet, open an article and find its evidence
 * marked, subscribe from the search, see a live alert arrive, add a feed as admin, a reader refused the admin pages
 * and the API), plus an API error shown on the page and the search at phone width.
 *
 * <p>Each step is one test, run in order in one browser; a failing step saves a screenshot, the page source and the
 * browser console in {@code target/console-failures}. Each page is photographed into
 * {@code -Dredline.console.screenshots} (default {@code target/console-screenshots}; a relative folder is taken from
 * the project root, so {@code -Dredline.console.screenshots=docs/console} regenerates the README's pictures).
 * Skipped, with one printed line, without Chromium and chromedriver, unless {@code -Dredline.browser.required=true}.
 */
@TestInstance(Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

    static final String SCREENSHOTS = "redline.console.screenshots";

    /** What the user types: a word in several demo articles' titles, with more than one level and signal among them. */
    private static final String QUERY = "missile";
    /** The search whose timeline the user opens next: another word of the demo's escalation stories. */
    private static final String TIMELINE_QUERY = "nuclear";
    /** The pool article the live alert waits for: the first the demo publishes on demand, and it says "missile". */
    private static final String ALERT_ARTICLE = "missile-strike-odesa-port";
    /** A prefix too short to expand: search-service answers 400 problem-details naming {@code q}. */
    private static final String BAD_QUERY = "ab*";

    private static final Pattern NUMBER = Pattern.compile("\\d[\\d,]*");
    private static final Pattern API_KEY = Pattern.compile("rlk_[a-z2-7]{16}_[A-Za-z0-9_-]{43}");
    private static final Duration PAGE_WAIT = Duration.ofSeconds(30);
    /** Through the pipeline: feed poll, analysis, indexing, matching, dispatch, the stream's poller. */
    private static final Duration PIPELINE_WAIT = Duration.ofSeconds(120);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Optional<String> skipReason = Optional.empty();
    private RedlineStack stack;
    private StackSettings settings;
    private WebhookReceiver receiver;
    private HeadlessChromium browser;
    private ChromeDriver driver;
    private String console;
    private Path screenshots;
    private Path failures;
    private long startedNanos;

    // Carried from one step to the next, as the user carries them.
    private String subscriptionName;
    private String subscriptionId;
    private String readerKey;
    /** Why signing in failed, once it has: the steps after it fail at once instead of each waiting out a timeout. */
    private String signInFailure;

    @BeforeAll
    void startStackAndBrowser() throws Exception {
        skipReason = HeadlessChromium.unavailableReason();
        if (skipReason.isPresent()) {
            String how =
                    "To run it: ./mvnw -q install -DskipTests && ./mvnw -pl e2e-tests verify -Dit.test=ConsoleBrowserIT";
            if (Boolean.getBoolean(HeadlessChromium.REQUIRED)) {
                throw new AssertionError("ConsoleBrowserIT cannot run (" + HeadlessChromium.REQUIRED + "=true): "
                        + skipReason.get() + ". " + how);
            }
            System.out.println("ConsoleBrowserIT skipped: " + skipReason.get() + ". " + how);
            return;
        }
        startedNanos = System.nanoTime();
        Path root = Path.of(System.getProperty("redline.root", ".."))
                .toAbsolutePath()
                .normalize();
        String shots = System.getProperty(SCREENSHOTS, "");
        screenshots = shots.isBlank()
                ? Path.of("target", "console-screenshots").toAbsolutePath()
                : root.resolve(shots).toAbsolutePath().normalize();
        failures = Path.of("target", "console-failures").toAbsolutePath();
        // Free ports and a throw-away data folder, so a running ./redline up is left alone; the demo publishes only
        // when a step asks it to, so that counts hold still while the page shows them.
        settings =
                StackSettings.onFreePorts(root, StackDirs.newRunDir("console"), Duration.ZERO, Duration.ofSeconds(1));
        stack = new RedlineStack(settings, StackBackend.LOCAL);
        stack.start();
        console = "http://127.0.0.1:" + settings.consolePort() + "/";
        receiver = new WebhookReceiver();
        browser = HeadlessChromium.start(Path.of("target", "chromedriver.log").toAbsolutePath());
        driver = browser.driver();
        awaitInitialArticlesIndexed();
        System.out.printf(
                "ConsoleBrowserIT: stack, console on %s and Chromium ready in %d s; screenshots in %s%n",
                console, Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds(), screenshots);
    }

    /** Per test rather than for the class, so that the report counts the steps as skipped. */
    @BeforeEach
    void assumeBrowser() {
        assumeTrue(skipReason.isEmpty(), () -> "skipped: " + skipReason.orElse(""));
    }

    @AfterAll
    void stopEverything() throws Exception {
        try {
            if (browser != null) {
                List<String> log = browser.consoleLog();
                Files.createDirectories(Path.of("target"));
                Files.write(Path.of("target", "console-browser.log"), log, StandardCharsets.UTF_8);
                System.out.printf(
                        "ConsoleBrowserIT: %d browser console lines in target/console-browser.log; stack start and all steps in %d s%n",
                        log.size(),
                        Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds());
                browser.close();
            }
        } finally {
            if (receiver != null) {
                receiver.close();
            }
            if (stack != null) {
                stack.close();
            }
        }
    }

    @Test
    @Order(1)
    void signsInWithTheAdminKey() throws Exception {
        step("1-sign-in", () -> {
            long t0 = System.nanoTime();
            driver.get(console);
            visible(By.id("page-signin"));
            System.out.printf(
                    "ConsoleBrowserIT: sign-in page shown %d ms after the first request%n",
                    Duration.ofNanos(System.nanoTime() - t0).toMillis());
            assertOnlyPageShown("signin");
            assertThat(visible(By.id("signin-key")).getDomAttribute("type")).isEqualTo("password");
            browser.screenshot(screenshots.resolve("signin.png"));

            // A wrong key is refused on the page, and nothing is kept.
            type(By.id("signin-key"), "rlk_wrong");
            click(By.id("signin-submit"));
            assertThat(visible(By.id("signin-error")).getText()).isNotBlank();
            assertThat(storedKey()).isNull();

            type(By.id("signin-key"), stack.adminKey());
            click(By.id("signin-submit"));
            waitUntil(d -> text(By.id("whoami")).contains("admin"));
            assertThat(storedKey()).isEqualTo(stack.adminKey());
            assertThat(driver.getCurrentUrl()).doesNotContain(stack.adminKey());
            assertThat(driver.findElements(By.cssSelector("a[data-nav='admin']")))
                    .as("the admin link for an admin")
                    .isNotEmpty();
        });
    }

    @Test
    @Order(2)
    void searchesTheDemoArticles() throws Exception {
        step("2-search", () -> {
            signedInAs(stack.adminKey(), "admin");
            click(By.cssSelector("a[data-nav='search']"));
            visible(By.id("page-search"));
            type(By.id("q"), QUERY);
            click(By.id("search-submit"));
            long total = apiTotal("q=" + QUERY);
            assertThat(total).as("demo articles matching %s", QUERY).isPositive();
            waitUntil(d -> resultCount() == total);
            assertThat(hashParams()).containsEntry("q", QUERY);
            List<WebElement> results = driver.findElements(By.cssSelector("#results .result[data-id]"));
            assertThat(results).isNotEmpty();
            for (WebElement result : results) {
                assertThat(result.findElement(By.cssSelector("a.result-title")).getDomAttribute("href"))
                        .startsWith("#/article/" + result.getDomAttribute("data-id"));
                assertThat(result.findElement(By.cssSelector(".level-badge")).getText())
                        .isNotBlank();
                assertThat(result.findElement(By.cssSelector(".score")).getText())
                        .isNotBlank();
            }
            assertThat(driver.findElements(By.cssSelector("#results .result .evidence mark")))
                    .as("highlighted evidence sentences")
                    .isNotEmpty();
            for (String control : List.of("export-csv", "export-json", "save-search")) {
                assertThat(driver.findElement(By.id(control)).isDisplayed())
                        .as("#" + control)
                        .isTrue();
            }
            browser.screenshot(screenshots.resolve("search.png"));
        });
    }

    @Test
    @Order(3)
    void narrowsTheSearchByAFacet() throws Exception {
        step("3-facet", () -> {
            signedInAs(stack.adminKey(), "admin");
            showSearch("q=" + QUERY);
            long before = resultCount();
            // A facet that narrows: fewer articles than the whole result, but some.
            WebElement facet = null;
            long expected = -1;
            for (WebElement candidate : driver.findElements(By.cssSelector("#facets button.facet"))) {
                String param = candidate.getDomAttribute("data-facet");
                long count = lastNumber(candidate.getText());
                if (("level".equals(param) || "signal".equals(param)) && count > 0 && count < before) {
                    facet = candidate;
                    expected = count;
                    break;
                }
            }
            assertThat(facet)
                    .as("a level or signal facet with fewer than %d articles", before)
                    .isNotNull();
            String param = facet.getDomAttribute("data-facet");
            String value = facet.getDomAttribute("data-value");
            long narrowed = expected;
            facet.click();
            waitUntil(d -> value.equalsIgnoreCase(hashParams().get(param)) && resultCount() == narrowed);
            assertThat(resultCount()).isLessThan(before);
            assertThat(apiTotal("q=" + QUERY + "&" + param + "=" + enc(value))).isEqualTo(narrowed);
        });
    }

    @Test
    @Order(4)
    void opensAnArticleWithItsEvidenceMarked() throws Exception {
        step("4-article", () -> {
            signedInAs(stack.adminKey(), "admin");
            showSearch("q=" + QUERY);
            // The first result that shows an evidence sentence: its article has signals to mark.
            String id = waitUntil(d -> d.findElements(By.cssSelector("#results .result[data-id]")).stream()
                    .filter(r ->
                            !r.findElements(By.cssSelector(".evidence mark")).isEmpty())
                    .map(r -> r.getDomAttribute("data-id"))
                    .findFirst()
                    .orElse(null));
            By title = By.cssSelector("#results .result[data-id='" + id + "'] a.result-title");
            String titleText = waitUntil(d -> d.findElement(title).getText().trim());
            click(title);
            visible(By.id("page-article"));
            assertOnlyPageShown("article");
            assertThat(driver.getCurrentUrl()).contains("#/article/" + id);
            waitUntil(d -> text(By.id("article-title")).equals(titleText));

            JsonNode article = JSON.readTree(api("GET", "/api/articles/" + enc(id), stack.adminKey(), null)
                    .body());
            Set<String> signals = new HashSet<>();
            article.at("/analysis/signals")
                    .findValuesAsText("type")
                    .forEach(t -> signals.add(t.toUpperCase(Locale.ROOT)));
            assertThat(signals).as("the API's signals of %s", id).isNotEmpty();
            List<WebElement> marks = waitUntil(d -> {
                List<WebElement> found = d.findElements(By.cssSelector("#article-text mark.evidence"));
                return found.isEmpty() ? null : found;
            });
            for (WebElement mark : marks) {
                assertThat(mark.getDomAttribute("data-signal").toUpperCase(Locale.ROOT))
                        .as("a marked sentence's signal")
                        .isIn(signals);
                assertThat(mark.getDomAttribute("data-modality")).isNotBlank();
                assertThat(mark.isDisplayed()).isTrue();
            }
            assertThat(text(By.id("article-contributions"))).as("why it scored").isNotBlank();
            visible(By.id("article-events"));
            browser.screenshot(screenshots.resolve("article.png"));
        });
    }

    @Test
    @Order(5)
    void drawsTheTimelineOfTheSearch() throws Exception {
        step("5-timeline", () -> {
            signedInAs(stack.adminKey(), "admin");
            // A new search of the user's own, then the nav's Timeline: the timeline of that search, not of the one
            // shown before it.
            showSearch("q=" + QUERY);
            click(By.cssSelector("a[data-nav='search']"));
            type(By.id("q"), TIMELINE_QUERY);
            click(By.id("search-submit"));
            long total = apiTotal("q=" + TIMELINE_QUERY);
            waitUntil(d -> Map.of("q", TIMELINE_QUERY).equals(hashParams()) && resultCount() == total);
            click(By.cssSelector("a[data-nav='timeline']"));
            visible(By.id("page-timeline"));
            assertOnlyPageShown("timeline");
            assertThat(hashParams())
                    .as("the timeline's search (URL %s)", driver.getCurrentUrl())
                    .containsEntry("q", TIMELINE_QUERY)
                    .doesNotContainKeys("level", "signal", "actor", "source", "language", "modality");
            visible(By.cssSelector("#timeline-chart svg"));
            choose(By.id("timeline-split"), "signal");
            visible(By.cssSelector("#timeline-chart svg"));
            browser.screenshot(screenshots.resolve("timeline.png"));
        });
    }

    @Test
    @Order(6)
    void createsASubscriptionFromTheSearch() throws Exception {
        step("6-subscription", () -> {
            signedInAs(stack.adminKey(), "admin");
            showSearch("q=" + QUERY);
            click(By.id("save-search"));
            visible(By.id("sub-form"));
            waitUntil(d -> visible(By.id("sub-query")).getDomProperty("value").contains(QUERY));
            subscriptionName = "Missile desk";
            type(By.id("sub-name"), subscriptionName);
            choose(By.id("sub-channel-type"), "webhook");
            type(By.id("sub-channel-target"), receiver.url());
            click(By.id("sub-submit"));
            WebElement row =
                    waitUntil(d -> d.findElements(By.cssSelector("#subscriptions .subscription[data-id]")).stream()
                            .filter(s -> s.getText().contains(subscriptionName))
                            .findFirst()
                            .orElse(null));
            String id = row.getDomAttribute("data-id");
            subscriptionId = id;
            JsonNode stored = JSON.readTree(api("GET", "/api/subscriptions/" + enc(id), stack.adminKey(), null)
                    .body());
            assertThat(stored.path("name").asText()).isEqualTo(subscriptionName);
            assertThat(stored.path("query").asText()).contains(QUERY);
            for (String control : List.of(".sub-pause", ".sub-test", ".sub-deliveries", ".sub-edit", ".sub-delete")) {
                assertThat(row.findElements(By.cssSelector(control)))
                        .as(control)
                        .isNotEmpty();
            }
        });
    }

    @Test
    @Order(7)
    void showsALiveAlertInTheInbox() throws Exception {
        step("7-live-alert", () -> {
            signedInAs(stack.adminKey(), "admin");
            click(By.cssSelector("a[data-nav='alerts']"));
            visible(By.id("page-alerts"));
            assertOnlyPageShown("alerts");
            // The stream sends alerts dispatched from the connection on: it must be open before the article lands.
            waitUntil(d -> text(By.id("inbox-status")).toLowerCase(Locale.ROOT).contains("live"));
            int before =
                    driver.findElements(By.cssSelector("#inbox .inbox-alert")).size();

            // The demo publishes its pool in order, on demand here: the first article is the one the search finds.
            PublishedArticle published = stack.demo().publishUntil(ALERT_ARTICLE);
            assertThat(published.article().id()).isEqualTo(ALERT_ARTICLE);
            String publishedId = published.id();
            String articleId = awaitIndexedId(published.title());

            WebElement alert = waitUntil(
                    PIPELINE_WAIT,
                    d -> d.findElements(By.cssSelector("#inbox .inbox-alert")).stream()
                            .filter(a -> a.findElements(By.cssSelector("a[href*='#/article/']")).stream()
                                    .anyMatch(
                                            link -> link.getDomAttribute("href").contains(articleId)))
                            .findFirst()
                            .orElse(null));
            assertThat(driver.findElements(By.cssSelector("#inbox .inbox-alert")))
                    .hasSizeGreaterThan(before);
            assertThat(alert.findElement(By.cssSelector(".why")).getText())
                    .as("why it fired")
                    .isNotBlank();
            browser.screenshot(screenshots.resolve("alerts.png"));

            // The same alert went out on the subscription's webhook, and its delivery log shows it.
            await().atMost(PIPELINE_WAIT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> receiver.accepted().stream()
                            .anyMatch(r -> "alert.created".equals(r.type())
                                    && r.body().at("/data/article/url").asText().endsWith("/articles/" + publishedId)));
            click(By.cssSelector("#subscriptions .subscription[data-id='" + subscriptionId + "'] .sub-deliveries"));
            WebElement delivery = visible(By.cssSelector("#delivery-log .delivery"));
            assertThat(delivery.findElements(By.cssSelector(".delivery-replay")))
                    .isNotEmpty();
        });
    }

    @Test
    @Order(8)
    void addsAFeedAsAdmin() throws Exception {
        step("8-add-feed", () -> {
            signedInAs(stack.adminKey(), "admin");
            click(By.cssSelector("a[data-nav='admin']"));
            visible(By.id("page-admin"));
            assertOnlyPageShown("admin");
            // The three demo feeds the stack registered, each with its health.
            waitUntil(d ->
                    d.findElements(By.cssSelector("#feeds tr.feed[data-id]")).size() >= 3);
            // The world feed again under a URL of its own (the demo server ignores the query string).
            String url = stack.demo().feedUrl(DemoFeed.WORLD) + "?desk=console";
            type(By.id("feed-url"), url);
            click(By.id("feed-add"));
            String id = await().atMost(PAGE_WAIT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> feedId(url), Optional::isPresent)
                    .orElseThrow();
            By row = By.cssSelector("#feeds tr.feed[data-id='" + id + "']");
            visible(row);
            waitUntil(d -> !d.findElement(row)
                    .findElement(By.cssSelector(".feed-status"))
                    .getText()
                    .isBlank());
            // Its first poll done, a reload (what a user does to see it) shows it healthy.
            await().atMost(PIPELINE_WAIT).pollInterval(Duration.ofMillis(500)).until(() -> "ok".equals(feedStatus(id)));
            driver.navigate().refresh();
            waitUntil(d -> d.findElement(row)
                    .findElement(By.cssSelector(".feed-status"))
                    .getText()
                    .trim()
                    .equalsIgnoreCase("ok"));
            for (String cell : List.of(".feed-last-fetch", ".feed-last-error", ".feed-next-poll")) {
                assertThat(driver.findElement(row).findElements(By.cssSelector(cell)))
                        .as(cell)
                        .isNotEmpty();
            }
            browser.screenshot(screenshots.resolve("admin.png"));
        });
    }

    @Test
    @Order(9)
    void aReaderSeesNoAdminPagesAndTheApiRefusesThem() throws Exception {
        step("9-reader", () -> {
            signedInAs(stack.adminKey(), "admin");
            click(By.cssSelector("a[data-nav='admin']"));
            visible(By.id("page-admin"));
            type(By.id("key-name"), "night desk");
            type(By.id("key-owner"), "alice");
            choose(By.id("key-role"), "reader");
            click(By.id("key-create"));
            readerKey = waitUntil(d -> {
                Matcher key = API_KEY.matcher(text(By.id("key-created")));
                return key.find() ? key.group() : null;
            });

            click(By.id("signout"));
            visible(By.id("page-signin"));
            assertThat(storedKey()).isNull();
            signIn(readerKey, "reader");
            assertThat(text(By.id("whoami"))).contains("alice");
            assertThat(driver.findElements(By.cssSelector("[data-nav='admin']")))
                    .as("the admin link for a reader")
                    .isEmpty();

            driver.get(console + "#/admin");
            visible(By.id("page-forbidden"));
            assertOnlyPageShown("forbidden");

            // The API refuses the reader whatever the page shows: the page's own origin, the reader's own key.
            // 401 until ingest-service has read the new key from redline.api-keys; then 403 for good.
            Map<?, ?> refused = await().atMost(PIPELINE_WAIT)
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () -> fetchFromPage("/api/feeds"),
                            r -> Long.valueOf(403).equals(r.get("status")));
            assertThat((String) refused.get("type")).contains("application/problem+json");
            assertThat(JSON.readTree((String) refused.get("body"))
                            .path("status")
                            .asInt())
                    .isEqualTo(403);
        });
    }

    @Test
    @Order(10)
    void showsAnApiErrorAsItsProblemDetails() throws Exception {
        step("10-error-banner", () -> {
            signedInAs(stack.adminKey(), "admin");
            HttpResponse<String> problem = api("GET", "/api/articles?q=" + enc(BAD_QUERY), stack.adminKey(), null);
            assertThat(problem.statusCode())
                    .as("GET /api/articles?q=%s", BAD_QUERY)
                    .isEqualTo(400);
            JsonNode body = JSON.readTree(problem.body());
            click(By.cssSelector("a[data-nav='search']"));
            visible(By.id("page-search"));
            type(By.id("q"), BAD_QUERY);
            click(By.id("search-submit"));
            WebElement banner = visible(By.id("error-banner"));
            waitUntil(d -> banner.getText().contains(body.path("detail").asText()));
            assertThat(banner.getText()).contains(body.path("title").asText());
        });
    }

    @Test
    @Order(11)
    void worksAtPhoneWidth() throws Exception {
        step("11-phone", () -> {
            signedInAs(stack.adminKey(), "admin");
            browser.phone(390, 844);
            try {
                showSearch("q=" + QUERY);
                WebElement first = visible(By.cssSelector("#results .result[data-id]"));
                long viewport = number(js("return window.innerWidth"));
                assertThat(viewport).isEqualTo(390);
                assertThat(number(js("return document.documentElement.scrollWidth")))
                        .as("page width at 390 px (no horizontal scroll)")
                        .isLessThanOrEqualTo(viewport);
                assertThat(number(js("return document.body.scrollWidth")))
                        .as("body width at 390 px")
                        .isLessThanOrEqualTo(viewport);
                Rectangle box = first.getRect();
                assertThat(box.getX()).isGreaterThanOrEqualTo(0);
                assertThat(box.getX() + box.getWidth()).isLessThanOrEqualTo((int) viewport);
                assertThat(first.findElement(By.cssSelector("a.result-title")).isDisplayed())
                        .isTrue();
                // Scrolled to the results, as the user scrolls past the query and the filters.
                ((JavascriptExecutor) driver)
                        .executeScript(
                                "arguments[0].scrollIntoView({block: 'start'})",
                                driver.findElement(By.id("result-count")));
                browser.screenshot(screenshots.resolve("search-phone.png"));
            } finally {
                browser.laptop();
            }
        });
    }

    @Test
    @Order(12)
    void drawsTheDyadSeriesOfAnActorPair() throws Exception {
        step("12-dyads", () -> {
            signedInAs(stack.adminKey(), "admin");
            // A pair the demo's analysis found, on the day (in the browser's zone) of the article that has it.
            JsonNode items = JSON.readTree(api("GET", "/api/articles?size=100&sort=escalation", stack.adminKey(), null)
                            .body())
                    .path("items");
            String zone = (String) js("return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'");
            JsonNode dyad = null;
            String day = null;
            for (JsonNode item : items) {
                JsonNode dyads = item.path("document").path("analysis").path("dyads");
                if (dyads.size() > 0) {
                    dyad = dyads.get(0);
                    day = Instant.parse(item.path("document")
                                    .path("article")
                                    .path("publishedAt")
                                    .asText())
                            .atZone(ZoneId.of(zone))
                            .toLocalDate()
                            .toString();
                    break;
                }
            }
            assertThat(dyad).as("a demo article with a dyad").isNotNull();
            String source = dyad.path("source").asText();
            String target = dyad.path("target").asText();
            HttpResponse<String> series = api(
                    "GET",
                    "/api/dyads/" + source + "/" + target + "?from=" + day + "&to=" + day + "&tz=" + enc(zone),
                    stack.adminKey(),
                    null);
            assertThat(series.statusCode()).as("/api/dyads: %s", series.body()).isEqualTo(200);
            JsonNode expected = JSON.readTree(series.body()).path("days").path(0);
            assertThat(expected.path("articles").asLong()).isPositive();

            click(By.cssSelector("a[data-nav='dyads']"));
            visible(By.id("page-dyads"));
            assertOnlyPageShown("dyads");
            type(By.id("dyads-source"), source);
            type(By.id("dyads-target"), target);
            ((JavascriptExecutor) driver)
                    .executeScript(
                            "document.getElementById('dyads-from').value = arguments[0];"
                                    + "document.getElementById('dyads-to').value = arguments[0];",
                            day);
            click(By.id("dyads-submit"));
            visible(By.cssSelector("#dyads-chart svg.chart-svg"));
            // The table (closed by default) has the API's figures for that day: articles, conflict, cooperation.
            String row = (String)
                    waitUntil(
                            d -> js(
                                    "const r = document.querySelector('#dyads-table tbody tr');"
                                            + "return r ? [...r.querySelectorAll('td')].slice(0, 3).map(c => c.textContent).join('|') : null;"));
            assertThat(row)
                    .isEqualTo(expected.path("articles").asText() + "|"
                            + expected.path("conflict").asText() + "|"
                            + expected.path("cooperation").asText());
            JsonNode signal = expected.path("signals").path(0);
            if (!signal.isMissingNode() && signal.path("evidence").hasNonNull("sentence")) {
                waitUntil(d -> text(By.id("dyads-signals"))
                        .contains(signal.path("evidence").path("sentence").asText()));
            }
            browser.screenshot(screenshots.resolve("dyads.png"));
        });
    }

    // ---- steps and waits

    /** A step of the walk-through that saves what the browser showed when it fails. */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private void step(String name, Step body) throws Exception {
        long t0 = System.nanoTime();
        try {
            body.run();
            System.out.printf(
                    "ConsoleBrowserIT: step %s passed in %d ms%n",
                    name, Duration.ofNanos(System.nanoTime() - t0).toMillis());
        } catch (Exception | Error e) {
            browser.saveDiagnostics(failures, name);
            System.out.printf(
                    "ConsoleBrowserIT: step %s FAILED after %d ms (%s); screenshot, page and console log: %s%n",
                    name,
                    Duration.ofNanos(System.nanoTime() - t0).toMillis(),
                    e.toString().lines().findFirst().orElse(""),
                    failures.resolve(name + ".{png,html,log}"));
            throw e;
        }
    }

    private <T> T waitUntil(Function<WebDriver, T> condition) {
        return waitUntil(PAGE_WAIT, condition);
    }

    /** Waits for a truthy (non-null, non-false) answer; the page re-renders, so a stale element just means again. */
    private <T> T waitUntil(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout)
                .pollingEvery(Duration.ofMillis(200))
                .ignoring(StaleElementReferenceException.class)
                .ignoring(NoSuchElementException.class)
                .until(condition);
    }

    private WebElement visible(By by) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Clicks the element once it is shown and enabled; found again if the page re-rendered it meanwhile. */
    private void click(By by) {
        waitUntil(d -> {
            WebElement element = d.findElement(by);
            if (!element.isDisplayed() || !element.isEnabled()) {
                return false;
            }
            element.click();
            return true;
        });
    }

    private void type(By by, String text) {
        WebElement field = visible(by);
        field.clear();
        field.sendKeys(text);
    }

    /** Picks the option whose value or label is {@code wanted} (either case). */
    private void choose(By by, String wanted) {
        Select select = new Select(visible(by));
        List<String> seen = new ArrayList<>();
        for (WebElement option : select.getOptions()) {
            String value = option.getDomProperty("value");
            seen.add(value + "=" + option.getText().trim());
            if (wanted.equalsIgnoreCase(value)
                    || wanted.equalsIgnoreCase(option.getText().trim())) {
                select.selectByValue(value);
                return;
            }
        }
        throw new AssertionError(by + " has no option " + wanted + " (options: " + seen + ")");
    }

    private String text(By by) {
        return driver.findElement(by).getText().trim();
    }

    /** Only {@code #page-<name>} of the contract's pages is displayed. */
    private void assertOnlyPageShown(String name) {
        for (String page : List.of(
                "signin",
                "search",
                "article",
                "story",
                "timeline",
                "dyads",
                "spikes",
                "brief",
                "alerts",
                "admin",
                "forbidden")) {
            List<WebElement> found = driver.findElements(By.id("page-" + page));
            boolean shown = !found.isEmpty() && found.get(0).isDisplayed();
            assertThat(shown).as("#page-%s displayed while on %s", page, name).isEqualTo(page.equals(name));
        }
    }

    /**
     * Opens a shared search link ({@code #/search?<params>}) as a colleague following it would, and waits for its own
     * results (as many as the API counts), not those the page showed before.
     */
    private void showSearch(String params) throws Exception {
        long total = apiTotal(params);
        driver.get(console + "#/search?" + params);
        visible(By.id("page-search"));
        waitUntil(d -> resultCount() == total);
        visible(By.cssSelector("#results .result[data-id]"));
    }

    // ---- signing in

    private String storedKey() {
        return (String) js("return sessionStorage.getItem('redline.key')");
    }

    /** Signs in with {@code key} unless the page already holds it: signing out whoever is signed in first. */
    private void signedInAs(String key, String role) {
        if (signInFailure != null) {
            throw new AssertionError("not tried: signing in failed in an earlier step (" + signInFailure + ")");
        }
        if (driver.getCurrentUrl().startsWith(console) && key.equals(storedKey())) {
            List<WebElement> who = driver.findElements(By.id("whoami"));
            if (!who.isEmpty() && who.get(0).getText().contains(role)) {
                return;
            }
        }
        if (!driver.getCurrentUrl().startsWith(console)) {
            driver.get(console);
        }
        List<WebElement> signout = driver.findElements(By.id("signout"));
        if (!signout.isEmpty() && signout.get(0).isDisplayed()) {
            signout.get(0).click();
        }
        driver.get(console + "#/signin");
        try {
            signIn(key, role);
        } catch (RuntimeException e) {
            signInFailure = e.toString().lines().findFirst().orElse("");
            throw e;
        }
    }

    private void signIn(String key, String role) {
        type(By.id("signin-key"), key);
        click(By.id("signin-submit"));
        waitUntil(d -> text(By.id("whoami")).contains(role));
    }

    // ---- what the page shows

    private long resultCount() {
        Matcher m = NUMBER.matcher(text(By.id("result-count")));
        return m.find() ? Long.parseLong(m.group().replace(",", "")) : -1;
    }

    /** The count a facet button shows: its last number (a source such as 127.0.0.1 has digits of its own). */
    private static long lastNumber(String text) {
        Matcher m = NUMBER.matcher(text);
        long last = -1;
        while (m.find()) {
            last = Long.parseLong(m.group().replace(",", ""));
        }
        return last;
    }

    /** The parameters of the URL's hash route ({@code #/search?q=...&level=...}), decoded. */
    private Map<String, String> hashParams() {
        String url = driver.getCurrentUrl();
        int hash = url.indexOf('#');
        int query = hash < 0 ? -1 : url.indexOf('?', hash);
        Map<String, String> params = new java.util.LinkedHashMap<>();
        if (query < 0) {
            return params;
        }
        for (String pair : url.substring(query + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    /** A GET the page itself makes, with the key it holds: status, content type and body. */
    private Map<?, ?> fetchFromPage(String path) {
        Object answer = ((JavascriptExecutor) driver).executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        fetch(arguments[0], {headers: {Authorization: 'Bearer ' + sessionStorage.getItem('redline.key')}})
                          .then(r => r.text().then(body => done({status: r.status,
                              type: r.headers.get('content-type') || '', body: body})))
                          .catch(e => done({status: -1, type: '', body: String(e)}));
                        """, path);
        return (Map<?, ?>) answer;
    }

    // ---- the API, through the console's origin as the page reaches it

    private HttpResponse<String> api(String method, String path, String key, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(console + path.substring(1)))
                .header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(30));
        if (json != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long apiTotal(String query) throws Exception {
        HttpResponse<String> page = api("GET", "/api/articles?" + query, stack.adminKey(), null);
        assertThat(page.statusCode())
                .as("GET /api/articles?%s: %s", query, page.body())
                .isEqualTo(200);
        return JSON.readTree(page.body()).path("total").asLong();
    }

    /**
     * The demo's initial and timed (outlet) articles, all indexed: counts on the page stay put from here on. The outlet
     * feeds' articles arrive alongside the initial ones, so counting the initial ones alone passed too early (CI).
     */
    private void awaitInitialArticlesIndexed() {
        int initial = stack.demo().content().initial().size()
                + stack.demo().content().timed().size();
        await().atMost(PIPELINE_WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> apiTotal("size=1") >= initial);
    }

    /** The search id of the article with this title, once indexed. */
    private String awaitIndexedId(String title) {
        String query = "q=" + enc("title:\"" + title.replace("\"", "") + "\"");
        String[] id = new String[1];
        await().atMost(PIPELINE_WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
            JsonNode page = JSON.readTree(
                    api("GET", "/api/articles?" + query, stack.adminKey(), null).body());
            id[0] = page.path("items").path(0).path("id").asText(null);
            return id[0] != null;
        });
        return id[0];
    }

    private Optional<String> feedId(String url) throws Exception {
        HttpResponse<String> feeds = api("GET", "/api/feeds", stack.adminKey(), null);
        for (JsonNode feed : JSON.readTree(feeds.body())) {
            if (url.equals(feed.path("url").asText())) {
                return Optional.of(feed.path("id").asText());
            }
        }
        return Optional.empty();
    }

    private String feedStatus(String id) throws Exception {
        return JSON.readTree(
                        api("GET", "/api/feeds/" + id, stack.adminKey(), null).body())
                .path("status")
                .asText();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

package io.redline.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (Selenium cannot download a driver on these
 * machines), with the window, screenshots and failure diagnostics {@link ConsoleBrowserIT} needs.
 *
 * <p>Paths: {@code -Dredline.browser.chromium} (default {@code /usr/bin/chromium}) and
 * {@code -Dredline.browser.chromedriver} (default {@code /usr/bin/chromedriver}); {@code apt-get install -y chromium
 * chromium-driver} provides both.
 */
final class HeadlessChromium implements AutoCloseable {

    /** Set (as in CI, when the browser is installed) to make the browser tests fail rather than skip without it. */
    static final String REQUIRED = "redline.browser.required";

    static final String CHROMIUM = "redline.browser.chromium";
    static final String CHROMEDRIVER = "redline.browser.chromedriver";

    /** The laptop viewport every page is checked and photographed in. */
    static final int WIDTH = 1280;

    static final int HEIGHT = 900;

    private final ChromeDriver driver;
    /** Browser console lines read so far (reading them from the driver drains them). */
    private final List<String> consoleLog = new ArrayList<>();

    private HeadlessChromium(ChromeDriver driver) {
        this.driver = driver;
    }

    static Path chromium() {
        return Path.of(System.getProperty(CHROMIUM, "/usr/bin/chromium"));
    }

    static Path chromedriver() {
        return Path.of(System.getProperty(CHROMEDRIVER, "/usr/bin/chromedriver"));
    }

    /** Why the browser cannot run here (a missing or non-executable binary), if it cannot. */
    static Optional<String> unavailableReason() {
        List<String> missing = new ArrayList<>();
        for (Path binary : List.of(chromium(), chromedriver())) {
            if (!Files.isExecutable(binary)) {
                missing.add(binary + " is missing");
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join(" and ", missing)
                + " (apt-get install -y chromium chromium-driver, or point -D" + CHROMIUM + " and -D" + CHROMEDRIVER
                + " at them)");
    }

    /** Starts the driver and a headless browser in a laptop-sized window; chromedriver logs to {@code logFile}. */
    static HeadlessChromium start(Path logFile) throws IOException {
        Files.createDirectories(logFile.getParent());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver().toFile())
                .usingAnyFreePort()
                .withLogFile(logFile.toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(new File(chromium().toString()));
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start; /dev/shm is small in containers.
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--window-size=" + WIDTH + "," + HEIGHT,
                "--lang=en-GB",
                "--no-first-run",
                "--disable-extensions");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        HeadlessChromium browser = new HeadlessChromium(new ChromeDriver(service, options));
        browser.laptop();
        return browser;
    }

    ChromeDriver driver() {
        return driver;
    }

    /**
     * Emulates a phone viewport ({@code mobile}: the page's viewport meta applies, as on a phone) until
     * {@link #laptop()}; a window this narrow is not something a desktop browser window can always be resized to.
     */
    void phone(int width, int height) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
    }

    /**
     * A laptop viewport of exactly {@link #WIDTH} x {@link #HEIGHT} (the window's own size leaves less to the page,
     * even headless), also to come back from {@link #phone}.
     */
    void laptop() {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", WIDTH, "height", HEIGHT, "deviceScaleFactor", 1, "mobile", false));
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    /** The browser console's lines so far (JavaScript errors, CSP violations, failed requests), oldest first. */
    synchronized List<String> consoleLog() {
        try {
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                consoleLog.add(
                        Instant.ofEpochMilli(entry.getTimestamp()) + " " + entry.getLevel() + " " + entry.getMessage());
            }
        } catch (RuntimeException e) {
            consoleLog.add("(console log not readable: " + e.getMessage() + ")");
        }
        return List.copyOf(consoleLog);
    }

    /**
     * Saves what a failed step left on screen: {@code <name>.png}, the page source as {@code <name>.html} and the
     * URL plus the browser console as {@code <name>.log}; each part on its own, so that one failing leaves the rest.
     */
    void saveDiagnostics(Path dir, String name) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            System.out.println("ConsoleBrowserIT: cannot create " + dir + ": " + e);
            return;
        }
        try {
            screenshot(dir.resolve(name + ".png"));
        } catch (IOException | RuntimeException e) {
            System.out.println("ConsoleBrowserIT: no screenshot for " + name + ": " + e);
        }
        try {
            Files.writeString(dir.resolve(name + ".html"), driver.getPageSource(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            System.out.println("ConsoleBrowserIT: no page source for " + name + ": " + e);
        }
        try {
            List<String> lines = new ArrayList<>();
            lines.add("url: " + driver.getCurrentUrl());
            lines.add("browser console:");
            lines.addAll(consoleLog());
            Files.write(dir.resolve(name + ".log"), lines, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            System.out.println("ConsoleBrowserIT: no console log for " + name + ": " + e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}

package cn.zikao.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium on a phone-sized screen (390 × 844), with a fresh profile. Missing Chromium is a
 * failure with the command that installs it, never a silent skip.
 */
final class Chromium implements AutoCloseable {
    static final String BINARY = "/usr/bin/chromium";
    static final String DRIVER = "/usr/bin/chromedriver";
    static final Path SHOTS = Path.of("target/screenshots");

    final ChromeDriver driver;
    private final Path profile;
    private final WebDriverWait wait;

    Chromium() {
        assertTrue(Files.isExecutable(Path.of(BINARY)) && Files.isExecutable(Path.of(DRIVER)),
                "the browser test needs Debian's Chromium: " + BINARY + " and " + DRIVER
                        + " are missing; install them with `apt-get install -y chromium chromium-driver`");
        try {
            profile = Files.createTempDirectory("zikao-chromium");
            Files.createDirectories(SHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions().setBinary(BINARY).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--user-data-dir=" + profile.toAbsolutePath(), "--lang=zh-CN");
        options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
                Map.of("width", 390, "height", 844, "pixelRatio", 2.0, "mobile", true, "touch", true)));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    void open(String url) {
        driver.get(url);
        waitFor(d -> "complete".equals(js("return document.readyState")));
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    WebElement visible(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    void click(String css) {
        WebElement e = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css)));
        js("arguments[0].scrollIntoView({block: 'center'})", e);
        e.click();
    }

    void type(String css, String text) {
        WebElement e = visible(css);
        e.clear();
        e.sendKeys(text);
    }

    void choose(String css, String value) {
        waitFor(d -> !d.findElements(By.cssSelector(css + " option[value='" + value + "']")).isEmpty());
        new Select(find(css)).selectByValue(value);
    }

    /** Sets a value the way a picker would (month inputs take no typed text in every locale). */
    void set(String css, String value) {
        js("const e = arguments[0]; e.value = arguments[1]; e.dispatchEvent(new Event('change', {bubbles: true}));", find(css), value);
    }

    String textOf(String css) {
        return find(css).getText().trim();
    }

    void waitFor(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
        wait.until(condition::apply);
    }

    void waitText(String css, String contains) {
        waitFor(d -> !d.findElements(By.cssSelector(css)).isEmpty() && d.findElement(By.cssSelector(css)).getText().contains(contains));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * Saves a phone-sized screenshot as {@code target/screenshots/<name>.png}, after checking the page: every
     * control labelled, no script error, Chinese, and no "undefined" or "NaN" where a value was missing.
     */
    void shot(String name) {
        shot(name, "zh-CN");
    }

    /** As {@link #shot(String)}, for a page in {@code lang} ({@code zh-CN} or {@code bo}). */
    void shot(String name, String lang) {
        @SuppressWarnings("unchecked")
        List<String> unlabelled = (List<String>) js("return [...document.querySelectorAll('input, select, textarea')]"
                + ".filter(e => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label'))"
                + ".map(e => e.name || e.id);");
        assertEquals(List.of(), unlabelled, name + ": unlabelled controls");
        assertEquals(lang, js("return document.documentElement.lang"), name);
        String text = (String) js("return document.body.innerText");
        assertFalse(text.contains("undefined") || text.contains("NaN"), name + ": " + text);
        List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !m.contains("Failed to load resource"))
                .toList();
        assertEquals(List.of(), errors, name + ": script errors");
        try {
            Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

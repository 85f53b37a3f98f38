package org.rlhf4j.labeling.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.rlhf4j.labeling.Json;
import org.rlhf4j.labeling.export.Exporter;

/**
 * A labeler in a real browser (Debian's headless Chromium through its chromedriver; nothing
 * is downloaded, Selenium Manager never runs) logs in, rates three outputs, ranks them with
 * each of the board's three inputs (drag and drop, keyboard, select) with a tie, and
 * submits; the export then holds exactly that ranking. Skipped where Chromium is absent.
 */
class BrowserRankingTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;
    TestProject app;
    WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
        app = TestProject.sqlite(dir, 1, 3);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1800",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aLabelerRatesAndRanksAndTheExportHoldsThatRanking() throws Exception {
        browser.get(app.server.uri().resolve("/login").toString());
        browser.findElement(By.id("name")).sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys(TestProject.PASSWORD);
        browser.findElement(By.id("login")).click();
        browser.findElement(By.id("next-ranking")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.id("board")));

        List<String> texts = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (String letter : List.of("A", "B", "C")) {
            WebElement output = browser.findElement(By.id("output-" + letter));
            texts.add(output.findElement(By.cssSelector("pre.output-text")).getText());
            ids.add(browser.findElement(By.id("chip-" + letter)).getDomAttribute("data-candidate"));
        }
        int[] likert = {6, 2, 6};
        for (int i = 0; i < 3; i++) {
            browser.findElement(By.cssSelector("input[name='likert_" + ids.get(i) + "'][value='" + likert[i] + "']")).click();
        }
        browser.findElement(By.cssSelector("input[name='flag_" + ids.get(1) + "'][value='hallucination']")).click();

        // A -> rank 2 by drag and drop (the board's drag events, dispatched in the page:
        // WebDriver's own drag gestures do not fire HTML5 drag events reliably).
        dragChipToBucket("A", "bucket-2");
        assertEquals("2", rankSelect(ids.get(0)).getFirstSelectedOption().getDomAttribute("value"));
        assertEquals("bucket-2", parentOf("chip-A"));
        // B -> rank 1 with the keyboard.
        browser.findElement(By.id("chip-B")).sendKeys("1");
        assertEquals("1", rankSelect(ids.get(1)).getFirstSelectedOption().getDomAttribute("value"));
        assertEquals("bucket-1", parentOf("chip-B"));
        // C -> rank 2 (a tie with A) with the select, which moves its chip on the board.
        rankSelect(ids.get(2)).selectByValue("2");
        assertEquals("bucket-2", parentOf("chip-C"));

        browser.findElement(By.id("submit")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/queue?saved"));
        assertTrue(browser.getPageSource().contains("Saved. Thank you!"));

        Exporter.export(app.db, dir.resolve("out"));
        List<String> lines = Files.readAllLines(dir.resolve("out/comparisons.jsonl"));
        assertEquals(1, lines.size());
        JsonNode line = Json.MAPPER.readTree(lines.getFirst());
        List<String> responses = new ArrayList<>();
        line.get("responses").forEach(r -> responses.add(r.asText()));
        int a = responses.indexOf(texts.get(0));
        int b = responses.indexOf(texts.get(1));
        int c = responses.indexOf(texts.get(2));
        assertEquals("[[" + b + "],[" + Math.min(a, c) + "," + Math.max(a, c) + "]]", line.get("ranking").toString());
        var ratings = new org.rlhf4j.labeling.SubmissionStore(app.db).ratings(firstTaskId());
        assertEquals(2, ratings.get(Long.parseLong(ids.get(1))).likert());
        assertEquals(java.util.Set.of(org.rlhf4j.labeling.Flag.HALLUCINATION), ratings.get(Long.parseLong(ids.get(1))).flags());
    }

    private long firstTaskId() {
        return app.db.read(c -> {
            try (var s = c.prepareStatement("SELECT MIN(id) FROM tasks"); var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private Select rankSelect(String candidateId) {
        return new Select(browser.findElement(By.name("rank_" + candidateId)));
    }

    private String parentOf(String elementId) {
        return (String) ((JavascriptExecutor) browser).executeScript(
                "return document.getElementById(arguments[0]).closest('.bucket').id;", elementId);
    }

    private void dragChipToBucket(String letter, String bucketId) {
        ((JavascriptExecutor) browser).executeScript("""
                const chip = document.getElementById(arguments[0]);
                const bucket = document.getElementById(arguments[1]);
                const data = new DataTransfer();
                const fire = (target, type) => target.dispatchEvent(
                    new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: data}));
                fire(chip, 'dragstart');
                fire(bucket, 'dragenter');
                fire(bucket, 'dragover');
                fire(bucket, 'drop');
                fire(chip, 'dragend');
                """, "chip-" + letter, bucketId);
    }
}

package dev.palisade.management.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.audit.AuditEventType;
import dev.palisade.audit.store.AuditLimits;
import dev.palisade.audit.store.AuditStore;
import dev.palisade.management.TestGateway;
import dev.palisade.management.audit.AuditFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Events page in a real browser (Chromium, as {@link BrowserTest} sets it up): the alarm mark
 * beside Events, the newest 1,024 records, "Load more" appending the older ones in place through
 * htmx (the table's body swapped, the page not left), and the severity filter by check box.
 */
class EventsBrowserTest {

    static final String NEW_PASSWORD = "Str0ng.Pass-1";

    @TempDir
    Path dir;

    AuditStore store;
    TestGateway gateway;
    BrowserSession browser;

    @BeforeEach
    void start() throws Exception {
        BrowserSession.assumeInstalled();
        store = AuditStore.open(dir.resolve("audit.db"), AuditLimits.defaults(), Clock.systemUTC());
        gateway = TestGateway.withTestPki(dir.resolve("var"), List.of(new AuditFeature(store)));
        browser = BrowserSession.administrator(dir.resolve("browser"), gateway);
    }

    @AfterEach
    void stop() throws IOException {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (gateway != null) {
                gateway.close();
            }
            if (store != null) {
                store.close();
            }
        }
    }

    private WebElement find(String id) {
        return new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
    }

    private void waitForPath(String path) {
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().equals(gateway.base() + path));
    }

    private int rows() {
        return browser.driver.findElements(By.cssSelector("#log tbody.records tr")).size();
    }

    @Test
    void loadMoreAppendsTheOlderRecordsInPlaceAndTheFilterNarrowsTheTable() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 1100; i++) {
                String ip = "10.0." + (i / 250) + "." + (i % 250);
                done.add(pool.submit(() -> store.record(AuditEventType.TRAFFIC_BLOCKING, Map.of("IP address", ip))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        store.record(AuditEventType.SWITCHING_NETWORK_PROTECTOR_TO_EMERGENCY_MODE);
        var driver = browser.driver;
        browser.firstSignIn(gateway.base(), NEW_PASSWORD);
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> !d.findElements(By.cssSelector("nav a[href='/events'] .alarm")).isEmpty());

        driver.findElement(By.cssSelector("nav a[href='/events']")).click();
        waitForPath("/events");
        assertThat(rows()).isEqualTo(1024);
        assertThat(driver.findElement(By.cssSelector("#log tbody.records tr")).getAttribute("class")).isEqualTo("critical");
        assertThat(driver.findElements(By.cssSelector("nav a[href='/events'] .alarm"))).as("viewed: the mark is gone").isEmpty();

        find("load-more").click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> rows() == 1102);
        assertThat(driver.getCurrentUrl()).isEqualTo(gateway.base() + "/events");
        assertThat(driver.findElements(By.id("load-more"))).hasSize(1);
        find("load-more").click();
        // Nothing older: the button stays and nothing is added.
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> d.findElements(By.cssSelector("#log tbody.records")).size() == 3);
        assertThat(rows()).isEqualTo(1102);

        driver.findElement(By.name("severity.critical")).click();
        find("apply").click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().contains("severity.critical=on"));
        assertThat(rows()).isEqualTo(1);
        assertThat(find("download").getAttribute("href")).endsWith("/api/events/export?severity=critical");
    }
}

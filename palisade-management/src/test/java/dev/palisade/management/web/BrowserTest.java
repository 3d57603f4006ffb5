package dev.palisade.management.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.management.TestGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The web interface in a real headless Chromium that presents the administrator's client
 * certificate over TLS (see {@link BrowserSession}): the first sign-in with the forced password
 * change, adding and editing a firewall rule until the change reaches the engine, a configuration
 * error shown inline with its JSON path, and switching to Russian. With
 * {@code -Dpalisade.screenshots=<dir>} the main pages are saved there as PNG files.
 */
class BrowserTest {

    static final String NEW_PASSWORD = "Str0ng.Pass-1";

    @TempDir
    Path dir;

    TestGateway gateway;
    BrowserSession browser;

    @BeforeEach
    void start() throws Exception {
        BrowserSession.assumeInstalled();
        gateway = TestGateway.withTestPki(dir.resolve("var"));
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
        }
    }

    private WebElement find(String id) {
        return new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
    }

    private void type(String id, String text) {
        WebElement field = find(id);
        field.clear();
        field.sendKeys(text);
    }

    private void waitForPath(String path) {
        try {
            new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().equals(gateway.base() + path));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("expected " + path + ", the browser shows " + browser.driver.getCurrentUrl() + ": "
                    + browser.driver.getPageSource(), e);
        }
    }

    private void screenshot(String name) throws IOException {
        String target = System.getProperty("palisade.screenshots");
        if (target == null || target.isBlank()) {
            return;
        }
        Path png = browser.driver.getScreenshotAs(OutputType.FILE).toPath();
        Path out = Files.createDirectories(Path.of(target)).resolve(name + ".png");
        Files.copy(png, out, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void anAdministratorSignsInChangesThePasswordEditsARuleSeesAnInlineErrorAndSwitchesToRussian() throws Exception {
        var driver = browser.driver;
        // First sign-in: the certificate is presented by the browser, then name and password.
        driver.get(gateway.base() + "/");
        waitForPath("/sign-in");
        screenshot("sign-in");
        type("name", "admin");
        type("password", "adminadmin");
        find("sign-in").click();
        waitForPath("/password");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("must be changed");
        screenshot("password-change");
        type("oldPassword", "adminadmin");
        type("newPassword", NEW_PASSWORD);
        type("confirmPassword", NEW_PASSWORD);
        find("change-password").click();
        waitForPath("/");
        assertThat(find("mode").getText()).isEqualTo("Router mode");
        assertThat(find("counters").getText()).contains("Packets processed");
        screenshot("status");

        // A firewall rule added, then edited: each change is applied to the running engine.
        int applied = gateway.applied.size();
        driver.get(gateway.base() + "/network/firewall");
        find("add-rule").click();
        waitForPath("/network/firewall/new");
        new org.openqa.selenium.support.ui.Select(find("action")).selectByValue("deny");
        type("portDest", "8080");
        type("comment", "block the test service");
        find("save-rule").click();
        waitForPath("/network/firewall");
        find("edit-0").click();
        waitForPath("/network/firewall/0");
        type("portDest", "9090");
        find("save-rule").click();
        waitForPath("/network/firewall");
        assertThat(find("rule-0").getText()).contains("9090").contains("block the test service");
        assertThat(gateway.applied).hasSize(applied + 2);
        JsonNode rule = gateway.applied.getLast().tree().path("NETWORK").path("FIREWALL").path("rules").path(0);
        assertThat(rule.path("portDest").asString()).isEqualTo("9090");
        assertThat(rule.path("action").asString()).isEqualTo("deny");
        assertThat(gateway.engine.counters()).isNotNull();
        screenshot("firewall-rules");

        // An invalid document: refused, the error shown beside the form with its JSON path.
        driver.get(gateway.base() + "/settings/configuration");
        screenshot("configuration");
        WebElement document = find("document");
        document.clear();
        document.sendKeys("{\"NETWORK\": {\"LAN\": {\"IP\": \"300.1.1.1\"}}}");
        find("apply").click();
        WebElement errors = find("errors");
        assertThat(errors.getText()).contains("$.NETWORK.LAN.IP");
        assertThat(find("document").getAttribute("value")).contains("300.1.1.1");
        assertThat(gateway.applied).hasSize(applied + 2);
        screenshot("configuration-error");

        driver.get(gateway.base() + "/settings/history");
        assertThat(find("versions").getText()).contains("firewall rule 1 changed in the web interface");
        screenshot("configuration-history");
        driver.get(gateway.base() + "/users");
        assertThat(find("root-certificate").getText()).contains("CN=Test Root");
        find("settings-form");
        screenshot("users");

        // Russian, remembered in the cookie across pages.
        find("lang-switch").click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> d.findElement(By.tagName("h1")).getText().equals("Пользователи"));
        driver.get(gateway.base() + "/");
        assertThat(find("mode").getText()).isEqualTo("Режим маршрутизатора");
        assertThat(driver.findElement(By.tagName("nav")).getText()).contains("Состояние").contains("Параметры");
        screenshot("status-ru");
    }
}

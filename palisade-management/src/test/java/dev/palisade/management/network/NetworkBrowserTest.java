package dev.palisade.management.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.management.TestGateway;
import dev.palisade.management.web.BrowserSession;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Network pages in a real headless Chromium presenting the administrator's certificate: a
 * port-forwarding rule added through the form reaches the engine, a bad LAN address is shown next
 * to its field and changes nothing, and the tabs read in Russian. Skipped without Debian's
 * chromium and chromium-driver.
 */
class NetworkBrowserTest {

    static final String NEW_PASSWORD = "Str0ng.Pass-1";

    @TempDir
    Path dir;

    TestGateway gateway;
    BrowserSession browser;

    @BeforeEach
    void start() throws Exception {
        BrowserSession.assumeInstalled();
        gateway = TestGateway.withTestPki(dir.resolve("var"), List.of(new NetworkFeature(RouteStates.REPLAY_ONLY)));
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
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().startsWith(gateway.base() + path));
    }

    @Test
    void anAdministratorAddsAForwardingRuleAndSeesABadLanAddressBesideItsField() {
        var driver = browser.driver;
        driver.get(gateway.base() + "/");
        waitForPath("/sign-in");
        type("name", "admin");
        type("password", "adminadmin");
        find("sign-in").click();
        waitForPath("/password");
        type("oldPassword", "adminadmin");
        type("newPassword", NEW_PASSWORD);
        type("confirmPassword", NEW_PASSWORD);
        find("change-password").click();
        waitForPath("/");

        driver.get(gateway.base() + "/network");
        waitForPath("/network/lan");
        find("tab-port-forwarding").click();
        find("add-forward").click();
        waitForPath("/network/port-forwarding/new");
        type("portExternal", "8502");
        new Select(find("protocol")).selectByValue("tcp");
        type("ipAddrInternal", "192.168.1.70");
        type("portInternal", "502");
        type("comment", "PLC");
        find("save").click();
        waitForPath("/network/port-forwarding?saved=");
        assertThat(find("forward-0").getText()).contains("8502").contains("192.168.1.70").contains("PLC");
        assertThat(gateway.engine.policy().forwardRule(6, 8502)).isGreaterThanOrEqualTo(0);

        int applied = gateway.applied.size();
        find("tab-lan").click();
        type("LAN.IP", "192.168.1.300");
        find("save").click();
        WebElement error = find("LAN.IP-error");
        assertThat(error.getText()).isNotBlank();
        // The message sits right after its field.
        assertThat(driver.findElement(By.cssSelector("input[id='LAN.IP'] + span.field-error")).getText()).isEqualTo(error.getText());
        assertThat(gateway.applied).hasSize(applied);

        find("lang-switch").click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> d.findElement(By.id("tab-routes")).getText().equals("Маршрутизация"));
        assertThat(find("tab-protector").getText()).isEqualTo("Network Protector");
    }
}

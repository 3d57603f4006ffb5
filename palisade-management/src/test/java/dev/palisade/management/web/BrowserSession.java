package dev.palisade.management.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium presenting a client certificate, as a person's browser does. Chromium
 * reads client certificates and trust anchors from the NSS database under {@code $HOME/.pki/nssdb},
 * so each session gets its own temporary HOME with its own database (the archive imported with
 * {@code pk12util}, the gateway's root trusted with {@code certutil -t "C,,"}). Chromium has no
 * command-line flag to pick a certificate without asking; the enterprise policy
 * {@code AutoSelectCertificateForUrls} does it, and Chromium reads policies only from
 * {@code /etc/chromium/policies/managed/}: a file with a unique name is written there for the
 * gateway's URL and removed on {@link #close} (the tests run as root).
 */
public final class BrowserSession implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path POLICIES = Path.of("/etc/chromium/policies/managed");

    public final ChromeDriver driver;
    private final Path policy;

    /** Skips the calling test (a JUnit assumption) when Debian's chromium and chromium-driver are not installed. */
    public static void assumeInstalled() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian chromium and chromium-driver are not installed (.ci/run installs them)");
    }

    /** A browser presenting the test gateway's administrator certificate and trusting its root; {@code work} holds its files. */
    public static BrowserSession administrator(Path work, dev.palisade.management.TestGateway gateway)
            throws IOException, InterruptedException {
        byte[] archive = dev.palisade.management.pki.FirstRunPki.archive("admin", gateway.admin, gateway.root.certificate(), "secret");
        return new BrowserSession(Files.createDirectories(work), gateway.base(), archive, "secret",
                dev.palisade.management.pki.Pem.encode(gateway.root.certificate()));
    }

    /**
     * The first sign-in of the administrator at {@code base}: admin / adminadmin, then the forced
     * change to {@code newPassword}; returns once the status page is shown.
     */
    public void firstSignIn(String base, String newPassword) {
        driver.get(base + "/");
        waitFor(base + "/sign-in");
        driver.findElement(org.openqa.selenium.By.id("name")).sendKeys("admin");
        driver.findElement(org.openqa.selenium.By.id("password")).sendKeys("adminadmin");
        driver.findElement(org.openqa.selenium.By.id("sign-in")).click();
        waitFor(base + "/password");
        driver.findElement(org.openqa.selenium.By.id("oldPassword")).sendKeys("adminadmin");
        driver.findElement(org.openqa.selenium.By.id("newPassword")).sendKeys(newPassword);
        driver.findElement(org.openqa.selenium.By.id("confirmPassword")).sendKeys(newPassword);
        driver.findElement(org.openqa.selenium.By.id("change-password")).click();
        waitFor(base + "/");
    }

    private void waitFor(String url) {
        new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> url.equals(d.getCurrentUrl()));
    }

    public BrowserSession(Path work, String origin, byte[] pkcs12, String password, byte[] rootPem) throws IOException, InterruptedException {
        Path home = Files.createDirectories(work.resolve("home"));
        Path nss = Files.createDirectories(home.resolve(".pki/nssdb"));
        Path archive = work.resolve("client.p12");
        Files.write(archive, pkcs12);
        Path root = work.resolve("root.pem");
        Files.write(root, rootPem);
        String db = "sql:" + nss;
        run(List.of("certutil", "-N", "--empty-password", "-d", db));
        run(List.of("pk12util", "-i", archive.toString(), "-W", password, "-d", db));
        run(List.of("certutil", "-A", "-n", "palisade-test-root", "-t", "C,,", "-i", root.toString(), "-d", db));
        Files.createDirectories(POLICIES);
        policy = POLICIES.resolve("palisade-test-" + UUID.randomUUID() + ".json");
        String rule = "{\"pattern\":\"" + origin + "\",\"filter\":{}}";
        Files.writeString(policy, "{\"AutoSelectCertificateForUrls\": [" + quote(rule) + "]}\n", StandardCharsets.UTF_8);
        try {
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--user-data-dir=" + Files.createDirectories(work.resolve("profile")), "--window-size=1280,900", "--lang=en-US");
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort().withEnvironment(Map.of("HOME", home.toString())).build();
            driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            Files.deleteIfExists(policy);
            throw e;
        }
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            Files.deleteIfExists(policy);
        }
    }
}

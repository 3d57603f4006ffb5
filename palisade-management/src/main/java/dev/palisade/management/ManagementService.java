package dev.palisade.management;

import dev.palisade.config.ConfigException;
import dev.palisade.management.account.AccountStore;
import dev.palisade.management.account.Accounts;
import dev.palisade.management.account.PasswordHasher;
import dev.palisade.management.api.Certificates;
import dev.palisade.management.api.EngineStatus;
import dev.palisade.management.api.ManagementApi;
import dev.palisade.management.history.ConfigHistory;
import dev.palisade.management.history.ConfigurationTarget;
import dev.palisade.management.http.Dispatcher;
import dev.palisade.management.http.RouteTable;
import dev.palisade.management.http.Route;
import dev.palisade.management.users.UsersAlarm;
import dev.palisade.management.web.NavEntry;
import dev.palisade.management.web.Pages;
import dev.palisade.management.web.WebPages;
import dev.palisade.management.http.ManagementServer;
import dev.palisade.management.pki.CertificateFile;
import dev.palisade.management.pki.CertificateInfo;
import dev.palisade.management.pki.CertificateRejected;
import dev.palisade.management.pki.FirstRunPki;
import dev.palisade.management.pki.PkiFiles;
import dev.palisade.management.pki.SecureFiles;
import dev.palisade.management.pki.ServerIdentity;
import dev.palisade.management.session.SessionRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The management service assembled: on {@link #start} it provisions the first-run kit and accounts
 * when absent, opens the configuration history, and serves the API over HTTPS. The runner supplies
 * the {@link ConfigurationTarget} (the engine's apply) and the {@link EngineStatus} (its counters).
 */
public final class ManagementService implements AutoCloseable {

    /** Default listening address: loopback only, an unprivileged port. */
    public static final InetSocketAddress DEFAULT_ADDRESS = new InetSocketAddress(InetAddress.getLoopbackAddress(), 8443);

    /**
     * What the service needs: the data directory, the address to listen on (port 0 picks a free
     * one), the password hasher (tests use cheaper parameters), the clock (tests move it) and where
     * audit events go.
     */
    public record Options(Path dataDirectory, InetSocketAddress address, PasswordHasher hasher, Clock clock, AuditTrail audit) {

        public static Options defaults(Path dataDirectory) {
            return new Options(dataDirectory, DEFAULT_ADDRESS, PasswordHasher.DEFAULT, Clock.systemUTC(), AuditTrail.LOG);
        }
    }

    private final PkiFiles pki;
    private final boolean firstRun;
    private final ManagementServer server;
    private final ManagementApi api;
    private final RouteTable routes;
    private final Accounts accounts;
    private final SessionRegistry sessions;
    private final ConfigHistory history;

    private ManagementService(PkiFiles pki, boolean firstRun, ManagementServer server, ManagementApi api, RouteTable routes,
            Accounts accounts, SessionRegistry sessions, ConfigHistory history) {
        this.routes = routes;
        this.pki = pki;
        this.firstRun = firstRun;
        this.server = server;
        this.api = api;
        this.accounts = accounts;
        this.sessions = sessions;
        this.history = history;
    }

    /**
     * Starts the service on {@code dataDirectory}, whose {@code config.json} must exist and be
     * valid (the runner provisions it).
     */
    public static ManagementService start(Options options, ConfigurationTarget target, EngineStatus engine)
            throws IOException, ConfigException {
        return start(options, target, engine, List.of());
    }

    /**
     * Starts the service with the core routes and pages plus those of {@code features} (audit views,
     * network settings, device commands, ... as the runner wires them).
     */
    public static ManagementService start(Options options, ConfigurationTarget target, EngineStatus engine, List<Feature> features)
            throws IOException, ConfigException {
        Path data = options.dataDirectory();
        Files.createDirectories(data);
        PkiFiles pki = PkiFiles.under(data);
        SecureFiles.eraseRetired(pki.directory());
        ConfigHistory history = ConfigHistory.open(data, options.clock());
        boolean firstRun = !FirstRunPki.provisioned(pki);
        if (firstRun) {
            List<InetAddress> addresses = new ArrayList<>();
            addresses.add(InetAddress.getByName("127.0.0.1"));
            addresses.add(InetAddress.getByName("::1"));
            InetAddress lan = InetAddress.getByName(history.current().config().network().lan().address().toString());
            if (!addresses.contains(lan)) {
                addresses.add(lan);
            }
            InetAddress bound = options.address().getAddress();
            if (!bound.isAnyLocalAddress() && !addresses.contains(bound)) {
                addresses.add(bound);
            }
            FirstRunPki.provision(pki, addresses, options.clock().instant());
        }
        try {
            byte[] adminSha = CertificateInfo.fingerprint(CertificateFile.parse(Files.readAllBytes(pki.adminCertificate())));
            Accounts accounts = Accounts.open(new AccountStore(data.resolve("accounts.json")), options.hasher(), options.clock(),
                    options.audit(), adminSha);
            SessionRegistry sessions = new SessionRegistry(options.clock(), () -> accounts.settings().idleMinutes(), options.audit());
            ServerIdentity identity = ServerIdentity.load(pki);
            ManagementServer[] holder = new ManagementServer[1];
            Certificates certificates = new Certificates(pki, accounts, sessions, options.clock(),
                    () -> Optional.of(history.current().config().network().lan().address().toString()),
                    id -> holder[0].reload(id));
            ManagementApi api = new ManagementApi(accounts, sessions, certificates, history, target, engine, options.clock());
            FeatureContext context = new FeatureContext(history, api::commit, accounts, sessions, engine, options.clock(),
                    options.audit());
            List<Route> apiRoutes = new ArrayList<>(api.routes().routes());
            UsersAlarm usersAlarm = new UsersAlarm(accounts, certificates, options.clock());
            List<NavEntry> nav = new ArrayList<>();
            for (NavEntry entry : WebPages.NAV) {
                nav.add(entry.path().equals("/users") ? entry.withMark(usersAlarm) : entry);
            }
            for (Feature feature : features) {
                apiRoutes.addAll(feature.api(context));
                nav.addAll(feature.nav());
            }
            RouteTable apiTable = new RouteTable(apiRoutes);
            api.describe(() -> apiTable);
            Pages kit = new Pages(apiTable, nav, () -> history.current().config().routerMode() ? "router" : "diode",
                    engine::operatingMode);
            WebPages pages = new WebPages(kit);
            List<Route> all = new ArrayList<>(apiRoutes);
            all.addAll(pages.routes());
            for (Feature feature : features) {
                all.addAll(feature.pages(kit));
            }
            Dispatcher dispatcher = new Dispatcher(new RouteTable(all), sessions, () -> accounts.settings().idleMinutes(),
                    s -> accounts.sessionMayContinue(s.role(), s.mustChangePassword()));
            dispatcher.pageErrors(pages.errors());
            ManagementServer server = new ManagementServer(options.address(), identity, dispatcher);
            holder[0] = server;
            try {
                server.start();
            } catch (Exception e) {
                server.close();
                throw e;
            }
            return new ManagementService(pki, firstRun, server, api, dispatcher.routes(), accounts, sessions, history);
        } catch (CertificateRejected e) {
            throw new IOException("the certificate files under " + pki.directory() + " are damaged: " + e.getMessage(), e);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the web server could not start on " + options.address() + ": " + e.getMessage(), e);
        }
    }

    /** Whether this start provisioned the first-run kit. */
    public boolean firstRun() {
        return firstRun;
    }

    public PkiFiles pki() {
        return pki;
    }

    public int port() {
        return server.port();
    }

    /** The URL to open in a browser. */
    public String url() {
        String host = server.host();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "https://" + host + ":" + server.port() + "/";
    }

    public ManagementApi api() {
        return api;
    }

    /** Every route the service answers: the API operations and the pages, of the core and of every feature. */
    public RouteTable routes() {
        return routes;
    }

    public Accounts accounts() {
        return accounts;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    public ConfigHistory history() {
        return history;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

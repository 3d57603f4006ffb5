package dev.palisade.notify.tls;

import java.security.KeyStore;
import java.security.Provider;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;

/**
 * A {@link TrustManagerFactory} that hands out one given trust manager, for libraries (the MQTT
 * client) that take a factory rather than a trust manager.
 */
public final class TrustManagers {

    private TrustManagers() {
    }

    /** A factory whose only trust manager is {@code tm}. */
    public static TrustManagerFactory factoryOf(TrustManager tm) {
        return new Fixed(tm);
    }

    private static final class Fixed extends TrustManagerFactory {
        Fixed(TrustManager tm) {
            super(new Spi(tm), new Provider("PalisadeFixedTrust", "1", "one fixed trust manager") {
            }, "fixed");
        }
    }

    private static final class Spi extends TrustManagerFactorySpi {
        private final TrustManager tm;

        Spi(TrustManager tm) {
            this.tm = tm;
        }

        @Override
        protected void engineInit(KeyStore ks) {
            // fixed: nothing to initialise
        }

        @Override
        protected void engineInit(ManagerFactoryParameters spec) {
            // fixed: nothing to initialise
        }

        @Override
        protected TrustManager[] engineGetTrustManagers() {
            return new TrustManager[] {tm};
        }
    }
}

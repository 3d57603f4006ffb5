package dev.palisade.management.pki;

/**
 * An uploaded certificate or key that cannot be used, with a reason a person can act on (for
 * example "the file is not a certificate in CRT, CER, DER or PEM format" or "not signed by the
 * uploaded root certificate"). The reason never contains key material.
 */
public final class CertificateRejected extends Exception {

    private static final long serialVersionUID = 1L;

    public CertificateRejected(String reason) {
        super(reason);
    }

    public CertificateRejected(String reason, Throwable cause) {
        super(reason, cause);
    }
}

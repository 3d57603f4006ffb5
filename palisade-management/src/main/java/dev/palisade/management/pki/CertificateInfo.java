package dev.palisade.management.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What the interface shows about a certificate: subject, issuer, validity, the SHA-256 fingerprint
 * of its DER encoding (the value compared at sign-in) and its subjectAltName entries (DNS names and
 * IP addresses as text).
 */
public record CertificateInfo(String subject, String issuer, Instant notBefore, Instant notAfter, String sha256,
        List<String> subjectAltNames) {

    public CertificateInfo {
        subjectAltNames = List.copyOf(subjectAltNames);
    }

    /** Describes {@code certificate}. */
    public static CertificateInfo of(X509Certificate certificate) {
        return new CertificateInfo(certificate.getSubjectX500Principal().getName(),
                certificate.getIssuerX500Principal().getName(),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(),
                HexFormat.of().formatHex(fingerprint(certificate)), altNames(certificate));
    }

    /** SHA-256 of the DER encoding. */
    public static byte[] fingerprint(X509Certificate certificate) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot encode a parsed certificate", e);
        }
    }

    /** Whether the certificate is valid at {@code now}. */
    public boolean validAt(Instant now) {
        return !now.isBefore(notBefore) && !now.isAfter(notAfter);
    }

    private static List<String> altNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            var entries = certificate.getSubjectAlternativeNames();
            if (entries != null) {
                for (List<?> entry : entries) {
                    // 2 = dNSName, 7 = iPAddress (RFC 5280 GeneralName tags); others are not addresses.
                    if (entry.size() == 2 && entry.get(1) instanceof String value
                            && (Integer.valueOf(2).equals(entry.get(0)) || Integer.valueOf(7).equals(entry.get(0)))) {
                        names.add(value);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // An undecodable extension: shown as no names, which makes the LAN-address warning fire.
        }
        return names;
    }
}

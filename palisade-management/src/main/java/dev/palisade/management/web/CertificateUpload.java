package dev.palisade.management.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A certificate file chosen in a page's file input, as the text the API operations take: a PEM file
 * as it is, any other file (DER, CRT, CER) armoured as PEM. Whether it is a certificate at all is the
 * API's to decide, so a page never accepts what the API would refuse.
 */
public final class CertificateUpload {

    private CertificateUpload() {
    }

    /** The file as PEM text ("" for an empty file: no file chosen). */
    public static String asPem(byte[] file) {
        if (file.length == 0) {
            return "";
        }
        String text = new String(file, StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN")) {
            return text;
        }
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(file)
                + "\n-----END CERTIFICATE-----\n";
    }
}

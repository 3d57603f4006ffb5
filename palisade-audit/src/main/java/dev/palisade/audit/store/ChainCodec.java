package dev.palisade.audit.store;

import dev.palisade.audit.AuditLogKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The canonical encoding of a record and the HMAC-SHA-256 that chains it to the previous record
 * of its log. Every field is length-prefixed (4-byte big-endian length, then the bytes; text as
 * UTF-8), numbers are 8-byte big-endian, so no two different records encode alike:
 *
 * <pre>
 *   mac(n) = HMAC-SHA-256(key, lp("palisade-audit-chain/1") lp(mac(n-1)) lp(log key)
 *                              u64(sequence) i64(time in microseconds since the epoch)
 *                              lp(event constant name) lp(subject) lp(text))
 *   mac(0) = HMAC-SHA-256(key, lp("palisade-audit-genesis/1") lp(log key))
 * </pre>
 *
 * Not thread-safe (it holds one {@link Mac}); each thread that computes MACs makes its own.
 */
final class ChainCodec {

    static final int MAC_LENGTH = 32;
    private static final byte[] CHAIN_DOMAIN = "palisade-audit-chain/1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GENESIS_DOMAIN = "palisade-audit-genesis/1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEAD_DOMAIN = "palisade-audit-head/1".getBytes(StandardCharsets.US_ASCII);

    private final Mac mac;
    private final byte[] lengthScratch = new byte[8];

    ChainCodec(byte[] key) {
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }

    byte[] genesis(AuditLogKind log) {
        field(GENESIS_DOMAIN);
        field(log.key().getBytes(StandardCharsets.UTF_8));
        return mac.doFinal();
    }

    byte[] link(byte[] previous, AuditLogKind log, long sequence, long timeMicros, String event, String subject, String text) {
        field(CHAIN_DOMAIN);
        field(previous);
        field(log.key().getBytes(StandardCharsets.UTF_8));
        number(sequence);
        number(timeMicros);
        field(event.getBytes(StandardCharsets.UTF_8));
        field(subject.getBytes(StandardCharsets.UTF_8));
        field(text.getBytes(StandardCharsets.UTF_8));
        return mac.doFinal();
    }

    /** The MAC of the head file's body, under its own domain so it can never pass for a record's. */
    byte[] head(byte[] body) {
        field(HEAD_DOMAIN);
        field(body);
        return mac.doFinal();
    }

    /** Compares in constant time. */
    static boolean same(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    private void field(byte[] bytes) {
        ByteBuffer.wrap(lengthScratch, 0, 4).putInt(bytes.length);
        mac.update(lengthScratch, 0, 4);
        mac.update(bytes);
    }

    private void number(long value) {
        ByteBuffer.wrap(lengthScratch).putLong(value);
        mac.update(lengthScratch, 0, 8);
    }
}

package dev.palisade.notify.syslog;

/**
 * The RFC 5424 facility codes (section 6.2.1). Palisade's default is {@link #LOG_AUDIT} (13):
 * every forwarded record is an entry of a security audit log, which is what that code names.
 */
public enum Facility {
    KERN(0), USER(1), MAIL(2), DAEMON(3), AUTH(4), SYSLOG(5), LPR(6), NEWS(7), UUCP(8), CRON(9),
    AUTHPRIV(10), FTP(11), NTP(12), LOG_AUDIT(13), LOG_ALERT(14), CLOCK(15),
    LOCAL0(16), LOCAL1(17), LOCAL2(18), LOCAL3(19), LOCAL4(20), LOCAL5(21), LOCAL6(22), LOCAL7(23);

    private final int code;

    Facility(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}

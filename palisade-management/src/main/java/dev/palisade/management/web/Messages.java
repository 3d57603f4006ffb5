package dev.palisade.management.web;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The texts of the pages in one language (English or Russian), from the {@code messages} bundle
 * beside this class. The language comes from the {@code lang} cookie; anything but {@code ru} is
 * English. A missing key shows as {@code ??key??} rather than failing the page.
 */
public final class Messages {

    public static final String COOKIE = "lang";

    private static final ResourceBundle.Control NO_FALLBACK = ResourceBundle.Control.getNoFallbackControl(
            ResourceBundle.Control.FORMAT_PROPERTIES);

    private final String lang;
    private final ResourceBundle bundle;

    private Messages(String lang) {
        this.lang = lang;
        this.bundle = ResourceBundle.getBundle("dev.palisade.management.web.messages",
                lang.equals("ru") ? Locale.of("ru") : Locale.ROOT, NO_FALLBACK);
    }

    private static final Messages ENGLISH = new Messages("en");
    private static final Messages RUSSIAN = new Messages("ru");

    /** The texts for a cookie value ({@code ru} or anything else: English). */
    public static Messages forLanguage(String lang) {
        return "ru".equals(lang) ? RUSSIAN : ENGLISH;
    }

    public String lang() {
        return lang;
    }

    public String get(String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return "??" + key + "??";
        }
    }
}

package dev.palisade.management.network;

import dev.palisade.management.http.ApiException;

/**
 * The position of a list item in a path ({@code /api/network/routes/{index}}): decimal digits
 * only, no sign or leading zero, inside the list. Anything else is a 404 whose message shows only
 * harmless characters of what was asked.
 */
final class ItemIndex {

    private ItemIndex() {
    }

    /** The index {@code text} names in a list of {@code size} items ({@code what} names the list in the refusal). */
    static int parse(String text, int size, String what) throws ApiException {
        if (text != null && !text.isEmpty() && text.length() <= 6 && (text.equals("0") || text.charAt(0) != '0')) {
            int value = 0;
            boolean digits = true;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    digits = false;
                    break;
                }
                value = value * 10 + (c - '0');
            }
            if (digits && value < size) {
                return value;
            }
        }
        throw new ApiException(404, "not_found", "there is no " + what + " " + printable(text) + " (the list has " + size
                + " entries, numbered from 0)");
    }

    static String printable(String text) {
        if (text == null) {
            return "";
        }
        String cut = text.length() > 20 ? text.substring(0, 20) + "..." : text;
        return cut.replaceAll("[^0-9A-Za-z.-]", "?");
    }
}

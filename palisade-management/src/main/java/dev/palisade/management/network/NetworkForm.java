package dev.palisade.management.network;

import dev.palisade.management.web.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One form of the Network pages as a template shows it: the values as typed (so a refused value
 * comes back for correction), and the configuration model's errors placed next to their fields.
 * A field is named by its path below {@code prefix}: the error at {@code $.NETWORK.LAN.IP} belongs
 * to field {@code LAN.IP} of a form with prefix {@code $.NETWORK.}. Errors that belong to no field
 * of the form (another part of the document, a whole item) are listed above it ({@link #others}).
 */
public record NetworkForm(String prefix, List<String> fields, Map<String, String> values, List<FieldError> errors) {

    public NetworkForm {
        fields = List.copyOf(fields);
        values = Map.copyOf(values);
        errors = List.copyOf(errors);
    }

    /** A form showing {@code values}, without errors. */
    static NetworkForm of(String prefix, List<String> fields, Map<String, String> values) {
        return new NetworkForm(prefix, fields, values, List.of());
    }

    NetworkForm withErrors(List<FieldError> found) {
        return new NetworkForm(prefix, fields, values, found);
    }

    public String value(String field) {
        return values.getOrDefault(field, "");
    }

    /** A check box's state: the values hold {@code true} or {@code false}. */
    public boolean checked(String field) {
        return "true".equals(values.get(field));
    }

    /** The reasons the model gave for {@code field}, joined; empty when it has none. */
    public String error(String field) {
        StringBuilder out = new StringBuilder();
        for (FieldError e : errors) {
            if (e.path().equals(prefix + field)) {
                if (!out.isEmpty()) {
                    out.append("; ");
                }
                out.append(e.reason());
            }
        }
        return out.toString();
    }

    public boolean hasError(String field) {
        return !error(field).isEmpty();
    }

    /** The errors no field of this form shows. */
    public List<FieldError> others() {
        List<FieldError> out = new ArrayList<>();
        for (FieldError e : errors) {
            boolean placed = e.path().startsWith(prefix) && fields.contains(e.path().substring(prefix.length()));
            if (!placed) {
                out.add(e);
            }
        }
        return out;
    }
}

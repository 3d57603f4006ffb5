package dev.palisade.management.settings;

import dev.palisade.config.ConfigDocument;
import dev.palisade.config.ConfigError;
import dev.palisade.config.ConfigException;
import dev.palisade.management.FeatureContext;
import dev.palisade.management.http.ApiException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A change to a few keys of the configuration document in force: the document as a JSON tree to
 * edit, then validated as a whole and committed through the configuration history (applied, stored
 * as a new version with the author and a comment). Every key the change does not touch stays as it
 * was, unknown keys included. A refused document is a 422 whose details carry the JSON paths of the
 * document ({@code $.SETTINGS.SYSLOG.host}).
 */
final class DocumentEdit {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FeatureContext context;
    private final ObjectNode root;

    private DocumentEdit(FeatureContext context, ObjectNode root) {
        this.context = context;
        this.root = root;
    }

    /** The document in force, ready to edit. */
    static DocumentEdit of(FeatureContext context) {
        return new DocumentEdit(context, (ObjectNode) JSON.readTree(context.history().current().toJson()));
    }

    /** The object at {@code path} (keys from the top), created when absent. */
    ObjectNode object(String... path) {
        ObjectNode node = root;
        for (String key : path) {
            JsonNode child = node.get(key);
            node = child instanceof ObjectNode o ? o : node.putObject(key);
        }
        return node;
    }

    /** Validates the edited document and commits it; nothing changes when it is refused. */
    ConfigDocument commit(String author, String comment) throws ApiException, IOException {
        ConfigDocument next;
        try {
            next = ConfigDocument.parse(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (ConfigException e) {
            throw invalid(e);
        }
        context.commit(next, author, comment);
        return next;
    }

    static ApiException invalid(ConfigException e) {
        List<ApiException.Detail> details = new ArrayList<>();
        for (ConfigError error : e.errors()) {
            details.add(new ApiException.Detail(error.path(), error.reason()));
        }
        ConfigError first = e.errors().getFirst();
        return new ApiException(422, "invalid_configuration", "the settings were not applied: " + first.path() + ": " + first.reason(),
                details);
    }
}

package dev.palisade.management.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/**
 * The page templates (under {@code src/main/jte}), compiled to Java classes at build time by
 * {@code jte-maven-plugin}, rendered as HTML with every {@code ${...}} output escaped for its
 * context (text or attribute).
 */
final class Templates {

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    String render(String name, Map<String, Object> parameters) {
        StringOutput out = new StringOutput();
        engine.render(name + ".jte", parameters, out);
        return out.toString();
    }
}

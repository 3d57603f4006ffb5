package dev.palisade.audit.store;

import dev.palisade.audit.AuditRecord;
import java.util.List;

/**
 * One page of a log view, newest first. "Load more" asks for {@code query.before(nextBefore())};
 * the button is always available (as the specification says), an exhausted view simply returns an
 * empty page.
 *
 * @param records    the records, newest first
 * @param nextBefore the sequence to pass to {@link AuditQuery#before(long)} for the next, older
 *                   page: the sequence of the oldest record here, or the query's own bound when
 *                   the page is empty
 */
public record AuditPage(List<AuditRecord> records, long nextBefore) {

    public AuditPage {
        records = List.copyOf(records);
    }
}

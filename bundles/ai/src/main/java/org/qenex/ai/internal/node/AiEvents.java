package org.qenex.ai.internal.node;

import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.qenex.ai.internal.candidate.CandidateRecord;
import org.qenex.ai.internal.version.ModelVersion;
import org.qenex.api.event.QenexTopics;

/**
 * Posts the model's changes on {@link QenexTopics#AI_CANDIDATE} and {@link QenexTopics#AI_VERSION}.
 * Asynchronous ({@code postEvent}): the judging job that stores a candidate never waits for handlers.
 */
final class AiEvents implements ModelEvents {

    private final Supplier<EventAdmin> eventAdmin;
    private final ProofFormat format = new ProofFormat();

    AiEvents(Supplier<EventAdmin> eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    @Override
    public void candidateChanged(CandidateRecord record) {
        // The state as GET /api/v1/ai/candidates/{id} shows it.
        post(new Event(QenexTopics.AI_CANDIDATE, Map.of(QenexTopics.ID, record.id(),
                QenexTopics.STATE, record.state().name().toLowerCase(Locale.ROOT))));
    }

    @Override
    public void versionAccepted(ModelVersion version) {
        post(new Event(QenexTopics.AI_VERSION, Map.of(QenexTopics.VERSION, version.hash(),
                QenexTopics.ID, format.proofOf(version).id())));
    }

    private void post(Event event) {
        EventAdmin events = eventAdmin.get();
        if (events != null) {
            events.postEvent(event);
        }
    }
}

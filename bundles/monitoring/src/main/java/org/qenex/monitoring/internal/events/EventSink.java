package org.qenex.monitoring.internal.events;

import java.io.IOException;

/**
 * Where one client's bytes go, without ever blocking: the servlet's non-blocking output in the node,
 * a recorder in tests. When {@link #isReady()} answers false the sink calls the client's
 * {@link EventClient#resume()} once it can take more.
 */
interface EventSink {

    /** True if a write or flush may be issued now. */
    boolean isReady();

    void write(byte[] bytes) throws IOException;

    void flush() throws IOException;

    /** Ends the response; the client is gone. */
    void close();
}

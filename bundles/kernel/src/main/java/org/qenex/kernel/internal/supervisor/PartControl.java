package org.qenex.kernel.internal.supervisor;

/** Stops and starts what a part stands for: a bundle or a DS component. */
interface PartControl {

    /**
     * Stops the part if it runs, then starts it.
     *
     * @return the outcome as an operator reads it, for example {@code active} or {@code still failing: ...}
     * @throws Exception if stopping or starting failed
     */
    String restart() throws Exception;

    /** Stops the part until {@link #start()}; used for quarantine. */
    void stop() throws Exception;

    /** Starts the part; returns the outcome like {@link #restart()}. */
    String start() throws Exception;

    /** Whether the part is started (bundle active, component enabled), failed or not. */
    boolean isStarted();

    /** The outcome of the last start, read now. */
    String outcome();

    /** Whether that outcome means the part works. */
    boolean isWorking();
}

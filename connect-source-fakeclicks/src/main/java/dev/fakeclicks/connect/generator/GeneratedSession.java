package dev.fakeclicks.connect.generator;

import java.util.List;

/** A whole session as generated, for the stream and for tests of the funnel. */
public record GeneratedSession(int user, long visit, long start, EndReason endReason, List<GeneratedEvent> events) {

    /** Why the session ended. */
    public enum EndReason {
        /** Left after the landing page. */
        BOUNCE,
        /** Left later, without an order. */
        EXIT,
        /** Left after placing an order. */
        AFTER_PURCHASE,
        /** Came back after more than 30 minutes: that would be a new session. */
        INACTIVITY_TIMEOUT,
        /** Hit the longest session the generator makes. */
        MAX_DURATION
    }
}

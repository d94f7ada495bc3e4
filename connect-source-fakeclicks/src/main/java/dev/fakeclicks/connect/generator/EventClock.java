package dev.fakeclicks.connect.generator;

import java.util.function.LongSupplier;

/**
 * Maps the stream's simulated time to the timestamps events carry. An event is stamped when it is emitted:
 * {@code sent_at} comes from the clock, {@code event_time} is {@code sent_at} minus the event's (simulated)
 * delivery delay, so late events carry a past event_time in both modes.
 */
public interface EventClock {

    /** Epoch milliseconds of {@code sent_at} for an item delivered at simulated time {@code simArrival}. */
    long sentAt(long simArrival);

    /** Backfills: simulated time runs from {@code startEpochMillis}; timestamps are deterministic. */
    static EventClock simulated(long startEpochMillis) {
        return simArrival -> startEpochMillis + simArrival;
    }

    /** Live: {@code sent_at} is the wall clock at emission (never going backwards within a task). */
    static EventClock wall(LongSupplier nowMillis) {
        return new EventClock() {
            private long last = Long.MIN_VALUE;

            @Override
            public long sentAt(long simArrival) {
                last = Math.max(last, nowMillis.getAsLong());
                return last;
            }
        };
    }
}

package dev.fakeclicks.connect.generator;

import java.util.Map;

/**
 * One event of a session, before delivery. {@code fields} holds the catalogue fields except the two
 * timestamps, which depend on the clock at emission ({@code event_time}, {@code sent_at}); values are
 * String, Integer, Long, Boolean, BigDecimal (scale 2), List and Map (nested structs).
 *
 * @param user        visitor index
 * @param visit       the visitor's visit number in the stream (0-based)
 * @param index       session_event_index
 * @param simTime     when it happened, in simulated milliseconds since the stream began
 * @param simArrival  when it reaches Kafka in simulated time (later than simTime by the client delay)
 * @param onTimeArrival when it would have reached Kafka had it not been held back: after every earlier event of its
 *                    session that is not late; equal to simArrival unless late
 * @param late        delivered late on purpose (late.events.ratio)
 */
public record GeneratedEvent(String type, int user, long visit, int index, long simTime, long simArrival,
                             long onTimeArrival, boolean late, Map<String, Object> fields) {

    public String eventId() {
        return (String) fields.get("event_id");
    }

    public String sessionId() {
        return (String) fields.get("session_id");
    }
}

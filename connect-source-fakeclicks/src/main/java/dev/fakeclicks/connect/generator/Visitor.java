package dev.fakeclicks.connect.generator;

import java.util.Map;

/**
 * A visitor of the pool: one device (anonymous_id), stable attributes, and a fixed account history. A pool slot hosts
 * successive visitors (see {@link Visitors}): the one there when the stream began (generation 0), then newcomers.
 *
 * @param index            the pool slot; slot {@code i} belongs to task {@code i % tasks}
 * @param generation       the slot's visit (0-based) in which this visitor's tenure began: 0 for the slot's first
 *                         visitor, else the visit in which this newcomer replaced the previous one
 * @param priorVisits      visits before the stream began (0 = a new visitor; always 0 for a newcomer)
 * @param registeredBefore had an account before the stream began (never for a newcomer)
 * @param signUpVisit      the visit of this visitor's tenure (0-based) in which they sign up, or -1 for never
 * @param remembered       the device keeps the account logged in (user_id from the first event)
 * @param device           the {@code device} struct's fields
 * @param geo              the {@code geo} struct's fields
 */
public record Visitor(int index, long generation, String anonymousId, String userId, Market market, int priorVisits,
                      boolean registeredBefore, int signUpVisit, boolean remembered,
                      Map<String, Object> device, Map<String, Object> geo) {

    /**
     * Whether the visitor has an account during visit {@code visit} of their tenure (the slot's visit
     * {@code generation + visit}), before anything happens in it.
     */
    public boolean hasAccountAt(long visit) {
        return registeredBefore || (signUpVisit >= 0 && visit > signUpVisit);
    }
}

package dev.fakeclicks.connect.generator;

import java.util.Map;

/**
 * A visitor of the pool: one device (anonymous_id), stable attributes, and a fixed account history.
 *
 * @param index            position in the pool; visitor {@code i} belongs to task {@code i % tasks}
 * @param priorVisits      visits before the stream began (0 = a new visitor)
 * @param registeredBefore had an account before the stream began
 * @param signUpVisit      the stream visit (0-based) in which this visitor signs up, or -1 for never
 * @param remembered       the device keeps the account logged in (user_id from the first event)
 * @param device           the {@code device} struct's fields
 * @param geo              the {@code geo} struct's fields
 */
public record Visitor(int index, String anonymousId, String userId, Market market, int priorVisits,
                      boolean registeredBefore, int signUpVisit, boolean remembered,
                      Map<String, Object> device, Map<String, Object> geo) {

    /** Whether the visitor has an account during stream visit {@code visit}, before anything happens in it. */
    public boolean hasAccountAt(int visit) {
        return registeredBefore || (signUpVisit >= 0 && visit > signUpVisit);
    }
}

package dev.fakeclicks.connect.generator;

/** Distinct hash domains, so that independent choices about the same object never correlate. */
final class Salt {
    static final long USER_ACTIVITY = 11;
    static final long USER_PHASE = 12;
    static final long USER_ACCOUNT = 14;
    static final long USER_ATTRIBUTES = 15;
    static final long USER_IDS = 16;
    static final long USER_IDS_LOW = 17;
    static final long USER_CHURN = 18;
    static final long VISIT_JITTER = 21;
    static final long SESSION = 22;
    static final long SESSION_IDS = 23;
    static final long SESSION_IDS_LOW = 24;
    static final long CART_IDS = 25;
    static final long ORDER_IDS = 26;
    static final long EVENT_ID = 31;
    static final long INJECT_LATE = 32;
    static final long INJECT_DUPLICATE = 33;
    static final long INJECT_BAD = 34;
    static final long EVENT_ID_LOW = 35;
    static final long POOLS = 41;
    /** The product catalogue, hashed with {@link Pools#CATALOGUE_SEED} rather than the stream's seed. */
    static final long CATALOGUE = 42;

    private Salt() {
    }
}

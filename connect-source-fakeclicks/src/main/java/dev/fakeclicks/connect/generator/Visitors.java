package dev.fakeclicks.connect.generator;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The visitor pool. A visitor is a pure function of (seed, slot, generation): nothing is stored, so the pool can be
 * large and any visitor's state at any visit is known without replaying history.
 *
 * <p><b>Churn.</b> The pool has {@code users} slots, each hosting successive visitors. The slot's visitor when the
 * stream begins (generation 0) has a history (prior visits, maybe an account); at each later visit of the slot
 * (visit k >= 1), with probability {@link #CHURN_RATE}, that visitor has left and a newcomer makes the visit instead: no
 * prior visits, no account (may sign up in their first visits), their own device, place and ids. A visitor's tenure
 * is so geometric (mean 1 / CHURN_RATE visits), and a visit's visitor is found by walking back from the visit to the
 * last change ({@link #generationStart}: 1 / CHURN_RATE steps on average, whatever the visit number), so resuming
 * stays cheap. The slot keeps its rhythm (activity, phase: {@link VisitSchedule}) across visitors. A rate of 0.25
 * makes the steady state's distribution of visits before the current one geometric with ratio 0.75, the prior visits
 * generation 0's returning visitors are given: the pool looks alike at the start and after any time.
 */
public final class Visitors {

    /** Per visit k >= 1 of a slot: the chance that a newcomer replaces the slot's visitor from that visit on. */
    static final double CHURN_RATE = 0.25;
    private static final double NEW_VISITOR_SHARE = 0.35;
    private static final double REGISTERED_SHARE_OF_RETURNING = 0.45;
    private static final double SIGN_UP_SHARE_OF_UNREGISTERED = 0.5;
    private static final double REMEMBERED_SHARE = 0.5;

    private final long seed;
    private final Pools pools;

    public Visitors(long seed, Pools pools) {
        this.seed = seed;
        this.pools = pools;
    }

    /** The visitor of slot {@code index} when the stream begins (generation 0). */
    public Visitor visitor(int index) {
        return visitor(index, 0);
    }

    /** The visitor of slot {@code index} whose tenure began at the slot's visit {@code generation} (see {@link #generationStart}). */
    public Visitor visitor(int index, long generation) {
        Account account = account(seed, index, generation);
        SplittableRandom rnd = Hashing.random(Hashing.hash(seed, Salt.USER_ATTRIBUTES, index, generation));
        Market market = pools.market(rnd);
        double d = rnd.nextDouble();
        String deviceType = d < 0.42 ? "desktop" : d < 0.92 ? "mobile" : "tablet";
        Pools.UserAgent ua = pools.userAgent(deviceType, rnd);
        String locale = rnd.nextDouble() < 0.1 ? "en-US" : market.locale();
        Pools.Place place = pools.place(market.country(), rnd);
        Map<String, Object> device = new HashMap<>(8);
        device.put("type", deviceType);
        device.put("os", ua.os());
        device.put("browser", ua.browser());
        device.put("user_agent", ua.value());
        device.put("locale", locale);
        Map<String, Object> geo = new HashMap<>(8);
        geo.put("country", market.country());
        geo.put("region", place.region());
        geo.put("city", place.city());
        geo.put("timezone", place.timezone());
        return new Visitor(index, generation, Ids.anonymousId(seed, index, generation), Ids.userId(seed, index, generation), market,
                account.priorVisits, account.registeredBefore, account.signUpVisit, account.remembered,
                Collections.unmodifiableMap(device), Collections.unmodifiableMap(geo));
    }

    /** Whether a newcomer replaces the slot's visitor at the slot's visit {@code visit} (never at visit 0). */
    static boolean churns(long seed, int index, long visit) {
        return visit > 0 && Hashing.unit(Hashing.hash(seed, Salt.USER_CHURN, index, visit)) < CHURN_RATE;
    }

    /**
     * The generation of the slot's visit {@code visit}: the visit at which its visitor's tenure began (the last visit at
     * or before it where a newcomer came, or 0). A pure function, found in 1 / {@link #CHURN_RATE} steps on average.
     */
    public static long generationStart(long seed, int index, long visit) {
        long s = visit;
        while (s > 0 && !churns(seed, index, s)) {
            s--;
        }
        return s;
    }

    /** The account history of the visitor of slot {@code index} whose tenure began at visit {@code generation}. */
    static Account account(long seed, int index, long generation) {
        SplittableRandom rnd = Hashing.random(Hashing.hash(seed, Salt.USER_ACCOUNT, index, generation));
        // A newcomer is new: the same draws as generation 0's new visitors, so the two behave alike.
        boolean isNew = rnd.nextDouble() < NEW_VISITOR_SHARE || generation > 0;
        int prior = isNew ? 0 : 1 + (int) Math.min(40, Math.floor(StrictMath.log(1 - rnd.nextDouble()) / StrictMath.log(0.75)));
        boolean registered = !isNew && rnd.nextDouble() < REGISTERED_SHARE_OF_RETURNING;
        int signUpVisit = -1;
        if (!registered && rnd.nextDouble() < SIGN_UP_SHARE_OF_UNREGISTERED) {
            signUpVisit = rnd.nextInt(4);
        }
        boolean remembered = rnd.nextDouble() < REMEMBERED_SHARE;
        return new Account(prior, registered, signUpVisit, remembered);
    }

    record Account(int priorVisits, boolean registeredBefore, int signUpVisit, boolean remembered) {
    }
}

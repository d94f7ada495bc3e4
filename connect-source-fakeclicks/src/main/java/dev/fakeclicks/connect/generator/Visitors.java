package dev.fakeclicks.connect.generator;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The visitor pool. A visitor is a pure function of (seed, index): nothing is stored, so the pool can be
 * large and any visitor's state at any visit is known without replaying history.
 */
public final class Visitors {

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

    public Visitor visitor(int index) {
        Account account = account(seed, index);
        SplittableRandom rnd = Hashing.random(Hashing.hash(seed, Salt.USER_ATTRIBUTES, index));
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
        return new Visitor(index, Ids.anonymousId(seed, index), Ids.userId(seed, index), market, account.priorVisits, account.registeredBefore,
                account.signUpVisit, account.remembered, Collections.unmodifiableMap(device), Collections.unmodifiableMap(geo));
    }

    /** The account history of a visitor; needs no pools, so capacity checks can run in config validation. */
    static Account account(long seed, int index) {
        SplittableRandom rnd = Hashing.random(Hashing.hash(seed, Salt.USER_ACCOUNT, index));
        boolean isNew = rnd.nextDouble() < NEW_VISITOR_SHARE;
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

    /**
     * Whether a task's shard has a visitor who ever logs in: one with an account (from before the stream or signed up
     * in it) on a device that does not keep it logged in. Without one the task can emit no login event.
     */
    public static boolean anyCanLogIn(long seed, int users, int taskIndex, int taskCount) {
        for (int u = taskIndex; u < users; u += taskCount) {
            Account a = account(seed, u);
            if ((a.registeredBefore || a.signUpVisit >= 0) && !a.remembered) {
                return true;
            }
        }
        return false;
    }

    /** How many visitors of a task's shard ever sign up: the most sign_up events that task can emit. */
    public static long signUpCapacity(long seed, int users, int taskIndex, int taskCount) {
        long n = 0;
        for (int u = taskIndex; u < users; u += taskCount) {
            if (account(seed, u).signUpVisit >= 0) {
                n++;
            }
        }
        return n;
    }
}

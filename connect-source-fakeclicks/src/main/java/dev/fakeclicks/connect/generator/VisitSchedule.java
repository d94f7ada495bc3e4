package dev.fakeclicks.connect.generator;

/**
 * When each visitor visits, in simulated milliseconds since the stream began. Visit {@code k} of a visitor
 * starts at {@code phase + k * period + jitter(k)} with jitter below half a period, so visits are a pure
 * function of (seed, visitor, k), never overlap (a period is at least twice the longest session), and the
 * first visit after any instant is found without replaying earlier ones: that is what makes resuming cheap.
 */
public final class VisitSchedule {

    public static final long DAY_MILLIS = 86_400_000L;
    /** No session lasts longer; with the 30-minute inactivity timeout this bounds how far back a resume looks. */
    public static final long MAX_SESSION_MILLIS = 3 * 3_600_000L;
    static final long MIN_PERIOD_MILLIS = 2 * MAX_SESSION_MILLIS;

    private final long seed;
    private final double meanPeriodMillis;

    public VisitSchedule(long seed, double visitsPerUserPerDay) {
        this.seed = seed;
        this.meanPeriodMillis = DAY_MILLIS / visitsPerUserPerDay;
    }

    /** A visitor's period: activity varies a lot between people (log-normal), so some visit daily, most rarely. */
    public long period(int user) {
        double activity = StrictMath.exp(0.8 * gaussian(Hashing.hash(seed, Salt.USER_ACTIVITY, user)) - 0.32);
        double period = meanPeriodMillis / activity;
        return (long) Math.max(MIN_PERIOD_MILLIS, Math.min(60 * DAY_MILLIS, period));
    }

    public long phase(int user, long period) {
        return (long) (Hashing.unit(Hashing.hash(seed, Salt.USER_PHASE, user)) * period);
    }

    public long start(int user, long period, long phase, long visit) {
        long jitter = (long) (Hashing.unit(Hashing.hash(seed, Salt.VISIT_JITTER, user, visit)) * (period / 2));
        return phase + visit * period + jitter;
    }

    /** The first visit of {@code user} starting at or after {@code instant}. */
    public long firstVisitAtOrAfter(int user, long period, long phase, long instant) {
        long k = Math.max(0, Math.floorDiv(instant - phase - period / 2, period));
        while (start(user, period, phase, k) < instant) {
            k++;
        }
        return k;
    }

    private static double gaussian(long hash) {
        // Box-Muller from two halves of one hash.
        double u1 = ((hash >>> 32) + 0.5) / 4294967296.0;
        double u2 = ((hash & 0xFFFFFFFFL) + 0.5) / 4294967296.0;
        return Math.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }
}

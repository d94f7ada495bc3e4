package dev.fakeclicks.connect.generator;

/**
 * The ids of the stream, each a pure function of the seed and where it belongs. Two kinds:
 *
 * <ul>
 *   <li>Unique by construction, for ids downstream joins and dimensions rely on: {@code user_id}
 *       ({@code u-} + 16 hex digits), {@code cart_id} ({@code cart-} + 16 hex) and {@code order_id} ({@code ord-} +
 *       16 hex) are {@code mix(coordinates + key)} in hex, where the coordinates are packed into 64 bits without loss
 *       and the key depends on the seed only. {@link Hashing#mix} is a bijection, so two visitors, or two carts or
 *       orders, of a stream never share an id (and {@link Hashing#unmix} decodes one).</li>
 *   <li>Random, version-4 UUIDs ({@code event_id}, {@code session_id}, {@code anonymous_id}): 122 bits from two
 *       independently salted 64-bit hashes of the coordinates, so a collision takes some 2^61 ids.</li>
 * </ul>
 *
 * A user is packed as (generation: 44 bits, slot: 20 bits), the generation being the slot's visit in which the
 * visitor's tenure began (so below 2^34, see below). A cart or order is packed as (visit: 34 bits, n: 10 bits, visitor: 20 bits), n counting the visit's earlier
 * purchases. The fields hold every value the stream can give: at most {@link GeneratorSettings#MAX_USERS} visitors
 * (under 2^20); a session lasts at most {@link VisitSchedule#MAX_SESSION_MILLIS} (3 hours) and a purchase takes at
 * least six think times of 2 s or more (product page, cart, checkout, shipping, payment, order), so at most 900
 * purchases fit in a visit (under 2^10); and a visitor visits at most every {@code 2 x MAX_SESSION_MILLIS} of simulated time, so 2^34 visits take
 * over ten million simulated years. Beyond those bounds the fields would wrap, and ids could repeat.
 */
public final class Ids {

    static final int USER_BITS = 20;
    static final int PURCHASE_BITS = 10;
    static final int VISIT_BITS = 64 - USER_BITS - PURCHASE_BITS;

    static {
        if (GeneratorSettings.MAX_USERS > 1 << USER_BITS) {
            throw new ExceptionInInitializerError("user ids hold " + USER_BITS + " bits of visitor index");
        }
    }

    private Ids() {
    }

    /**
     * {@code u-} + 16 hex digits for the visitor of slot {@code user} whose tenure began at the slot's visit
     * {@code generation} (see {@link Visitors}); distinct visitors of a seed never share one. Packed as (generation:
     * 44 bits, slot: 20 bits).
     */
    public static String userId(long seed, int user, long generation) {
        return Hashing.hexId("u-", Hashing.mix(packUser(user, generation) + Hashing.hash(seed, Salt.USER_IDS)), 16);
    }

    static long packUser(int user, long generation) {
        return (generation << USER_BITS) | (user & ((1L << USER_BITS) - 1));
    }

    /** The visitor's device id, a UUID. */
    public static String anonymousId(long seed, int user, long generation) {
        return Hashing.uuid(Hashing.hash(seed, Salt.USER_IDS, user, generation), Hashing.hash(seed, Salt.USER_IDS_LOW, user, generation));
    }

    public static String sessionId(long seed, int user, long visit) {
        return Hashing.uuid(Hashing.hash(seed, Salt.SESSION_IDS, user, visit), Hashing.hash(seed, Salt.SESSION_IDS_LOW, user, visit));
    }

    public static String eventId(long seed, int user, long visit, int index) {
        return Hashing.uuid(Hashing.hash(seed, Salt.EVENT_ID, user, visit, index),
                Hashing.hash(seed, Salt.EVENT_ID_LOW, user, visit, index));
    }

    /** The visit's cart after {@code n} purchases in it: {@code cart-} + 16 hex digits, unique in the stream. */
    public static String cartId(long seed, int user, long visit, int n) {
        return Hashing.hexId("cart-", Hashing.mix(pack(user, visit, n) + Hashing.hash(seed, Salt.CART_IDS)), 16);
    }

    /** The visit's {@code n}-th order (0-based): {@code ord-} + 16 hex digits, unique in the stream. */
    public static String orderId(long seed, int user, long visit, int n) {
        return Hashing.hexId("ord-", Hashing.mix(pack(user, visit, n) + Hashing.hash(seed, Salt.ORDER_IDS)), 16);
    }

    static long pack(int user, long visit, int n) {
        return (visit << (USER_BITS + PURCHASE_BITS))
                | ((long) (n & ((1 << PURCHASE_BITS) - 1)) << USER_BITS)
                | (user & ((1L << USER_BITS) - 1));
    }
}

package dev.fakeclicks.connect.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Ids downstream tables key on: unique where the README promises it, and UUIDs as random as their shape says. */
class IdsTest {

    @Test
    void everyVisitorOfTheLargestPoolHasItsOwnUserId() {
        List<String> repeated = new ArrayList<>();
        // The shipped configs' seeds, and two whose 40-bit user ids (stream version 1) gave 3 pairs of visitors one id.
        for (long seed : new long[] {42, 7, 5, 21}) {
            Visitors visitors = new Visitors(seed, TestStreams.pools(42));
            Set<String> ids = new HashSet<>(2 * GeneratorSettings.MAX_USERS);
            for (int user = 0; user < GeneratorSettings.MAX_USERS; user++) {
                String id = visitors.visitor(user).userId();
                if (!ids.add(id)) {
                    repeated.add("seed " + seed + ": " + id + " (visitor " + user + " and an earlier one)");
                }
            }
            assertThat(ids).allMatch(id -> id.matches("u-[0-9a-f]{16}"));
        }
        assertThat(repeated).as("user_ids shared by two visitors of one pool").isEmpty();
    }

    /** Cart and order ids are the packed (visit, purchases before, visitor) under a keyed bijection: they decode. */
    @Test
    void cartAndOrderIdsDecodeToTheirVisitorVisitAndPurchaseSoTheyNeverRepeat() {
        SplittableRandom rnd = new SplittableRandom(3);
        List<long[]> coordinates = new ArrayList<>();
        for (int user : new int[] {0, 1, GeneratorSettings.MAX_USERS - 1}) {
            for (long visit : new long[] {0, 1, (1L << 33) + 5, (1L << Ids.VISIT_BITS) - 1}) {
                for (int n : new int[] {0, 1, 899, (1 << Ids.PURCHASE_BITS) - 1}) {
                    coordinates.add(new long[] {user, visit, n});
                }
            }
        }
        for (int i = 0; i < 10_000; i++) {
            coordinates.add(new long[] {rnd.nextInt(GeneratorSettings.MAX_USERS), rnd.nextLong(1L << Ids.VISIT_BITS),
                    rnd.nextInt(1 << Ids.PURCHASE_BITS)});
        }
        long seed = 42;
        Set<String> orders = new HashSet<>();
        boolean upperBitsUsed = false;
        for (long[] c : coordinates) {
            String order = Ids.orderId(seed, (int) c[0], c[1], (int) c[2]);
            String cart = Ids.cartId(seed, (int) c[0], c[1], (int) c[2]);
            assertThat(order).matches("ord-[0-9a-f]{16}");
            assertThat(cart).matches("cart-[0-9a-f]{16}");
            assertThat(decode(order, "ord-", Hashing.hash(seed, Salt.ORDER_IDS))).as(order).containsExactly(c);
            assertThat(decode(cart, "cart-", Hashing.hash(seed, Salt.CART_IDS))).as(cart).containsExactly(c);
            orders.add(order);
            upperBitsUsed |= Long.parseUnsignedLong(order.substring(4), 16) >>> 48 != 0;
        }
        assertThat(orders).hasSize(coordinates.size());
        assertThat(upperBitsUsed).as("order ids use all 64 bits").isTrue();
    }

    private static long[] decode(String id, String prefix, long key) {
        long packed = Hashing.unmix(Long.parseUnsignedLong(id.substring(prefix.length()), 16)) - key;
        return new long[] {packed & ((1L << Ids.USER_BITS) - 1), packed >>> (Ids.USER_BITS + Ids.PURCHASE_BITS),
                (packed >>> Ids.USER_BITS) & ((1L << Ids.PURCHASE_BITS) - 1)};
    }

    /**
     * event_id, session_id and anonymous_id are version-4 UUIDs whose halves are independent hashes: the low half is
     * not the hash finalizer of the high half (whose four hidden version bits leave 16 candidates), as it once was, which
     * left a 128-bit id with 64 bits of entropy.
     */
    @Test
    void uuidsAreVersion4AndTheirLowHalfIsNotDerivedFromTheirHighHalf() {
        List<String> ids = new ArrayList<>();
        for (StreamItem item : TestStreams.take(TestStreams.stream(TestStreams.settings(42), 0, 1, ClickStream.Resume.START), 5_000)) {
            ids.add(item.event().eventId());
            ids.add(item.event().sessionId());
            ids.add((String) item.event().fields().get("anonymous_id"));
        }
        for (String id : new HashSet<>(ids)) {
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).as(id).isEqualTo(4);
            assertThat(uuid.variant()).as(id).isEqualTo(2);
            for (long hidden = 0; hidden < 16; hidden++) {
                long high = (uuid.getMostSignificantBits() & ~0xF000L) | (hidden << 12);
                for (long offset = 0; offset <= 1; offset++) {
                    long derived = (Hashing.mix(high + offset) & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
                    assertThat(uuid.getLeastSignificantBits()).as("%s: low half = mix(high half + %d)", id, offset)
                            .isNotEqualTo(derived);
                }
            }
        }
    }
}

package dev.fakeclicks.connect.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HashingTest {

    /** The ids keep the exact text String.format gave them, so streams stay the same as before the change. */
    @Test
    void hexIdWritesWhatStringFormatWrote() {
        long[] edges = {0, 1, 15, 16, 0xFFFF_FFFFL, 0xFF_FFFF_FFFFL, 0xFFFF_FFFF_FFFFL, Long.MAX_VALUE, Long.MIN_VALUE, -1};
        for (long value : edges) {
            assertSameAsFormat(value);
        }
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            assertSameAsFormat(rnd.nextLong() >>> rnd.nextInt(64));
            assertSameAsFormat(rnd.nextLong());
        }
    }

    @Test
    void unsignedIntsAsStringFormatWritesInts() {
        for (int value : new int[] {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, "sneakers".hashCode()}) {
            assertEquals(String.format("search-%08x", value), Hashing.hexId("search-", Integer.toUnsignedLong(value), 8));
        }
    }

    @Test
    void unmixUndoesMix() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (long z : new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE}) {
            assertEquals(z, Hashing.unmix(Hashing.mix(z)));
        }
        for (int i = 0; i < 100_000; i++) {
            long z = rnd.nextLong();
            assertEquals(z, Hashing.unmix(Hashing.mix(z)));
            assertEquals(z, Hashing.mix(Hashing.unmix(z)));
        }
    }

    /** A v4 UUID fixes 6 of its 128 bits (version and variant): the other 122 are the two hashes' bits. */
    @Test
    void uuidKeepsAllButTheSixLayoutBitsOfBothHashes() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < 10_000; i++) {
            long high = rnd.nextLong();
            long low = rnd.nextLong();
            java.util.UUID uuid = java.util.UUID.fromString(Hashing.uuid(high, low));
            assertEquals(4, uuid.version());
            assertEquals(2, uuid.variant());
            assertEquals(high & ~0xF000L, uuid.getMostSignificantBits() & ~0xF000L);
            assertEquals(low & 0x3FFFFFFFFFFFFFFFL, uuid.getLeastSignificantBits() & 0x3FFFFFFFFFFFFFFFL);
        }
    }

    private static void assertSameAsFormat(long value) {
        for (int digits : new int[] {8, 10, 12, 16}) {
            assertEquals(String.format("id-%0" + digits + "x", value), Hashing.hexId("id-", value, digits));
        }
    }
}

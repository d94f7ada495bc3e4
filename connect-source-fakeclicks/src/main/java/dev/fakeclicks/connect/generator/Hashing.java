package dev.fakeclicks.connect.generator;

import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Stateless hashing that turns (seed, coordinates) into random-looking numbers. Every random choice of the
 * stream is keyed by where it happens (user, visit, event...) rather than by how many draws came before,
 * which is what makes any part of the stream regenerable on its own.
 */
public final class Hashing {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Hashing() {
    }

    /** SplitMix64's finalizer: a bijective, well-mixing 64-bit hash. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public static long hash(long seed, long a) {
        return mix(mix(seed ^ GOLDEN) ^ mix(a + GOLDEN));
    }

    public static long hash(long seed, long a, long b) {
        return mix(hash(seed, a) ^ mix(b + 2 * GOLDEN));
    }

    public static long hash(long seed, long a, long b, long c) {
        return mix(hash(seed, a, b) ^ mix(c + 3 * GOLDEN));
    }

    public static long hash(long seed, long a, long b, long c, long d) {
        return mix(hash(seed, a, b, c) ^ mix(d + 4 * GOLDEN));
    }

    /** A double in [0, 1) from a hash. */
    public static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }

    /** A seeded generator for a sequence of draws that belong together (e.g. one session). */
    public static SplittableRandom random(long hash) {
        return new SplittableRandom(hash);
    }

    /**
     * The inverse of {@link #mix}: {@code unmix(mix(z)) == z} for every z. Ids built as {@code mix(packed + key)} can
     * so be decoded (tests do, to show that such ids are unique by construction).
     */
    public static long unmix(long z) {
        z = z ^ (z >>> 31) ^ (z >>> 62);
        z *= MIX_2_INVERSE;
        z = z ^ (z >>> 27) ^ (z >>> 54);
        z *= MIX_1_INVERSE;
        return z ^ (z >>> 30) ^ (z >>> 60);
    }

    private static final long MIX_1_INVERSE = inverse(0xBF58476D1CE4E5B9L);
    private static final long MIX_2_INVERSE = inverse(0x94D049BB133111EBL);

    /** The multiplicative inverse of an odd number modulo 2^64 (Newton's iteration doubles the correct bits). */
    private static long inverse(long odd) {
        long x = odd; // correct to 3 bits for any odd number
        for (int i = 0; i < 5; i++) {
            x *= 2 - odd * x;
        }
        return x;
    }

    /**
     * A version-4 UUID string (RFC 4122 layout: version nibble 4, variant bits 10) carrying 122 bits of two hashes.
     * {@code high} and {@code low} must be independent hashes (the same coordinates under different salts): a low half
     * computed from the high half would leave the id 64 bits of entropy in a 128-bit shape.
     */
    public static String uuid(long high, long low) {
        long msb = (high & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
        long lsb = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /**
     * {@code prefix} followed by the value in lower-case hex, zero-padded to at least {@code digits}: what
     * {@code String.format(prefix + "%0<digits>x", value)} gives for a long, without parsing a format per id
     * (String.format was a tenth of the generator's time).
     */
    public static String hexId(String prefix, long value, int digits) {
        String hex = Long.toHexString(value);
        StringBuilder id = new StringBuilder(prefix.length() + Math.max(digits, hex.length())).append(prefix);
        for (int i = hex.length(); i < digits; i++) {
            id.append('0');
        }
        return id.append(hex).toString();
    }
}

package dev.fakeclicks.sink.spark;

/**
 * Strict UTF-8 validation. Where it fails, Spark's decoder (an {@code InputStreamReader}) substitutes U+FFFD, while
 * Jackson's byte parser decodes some such sequences anyway (an overlong {@code C0 AF} as {@code '/'}, an encoded
 * surrogate as a lone surrogate): the light parse calls such a value not JSON ({@link RoutingFields}), and
 * {@link JsonRowReader} leaves it to {@code from_json}.
 */
final class Utf8 {

    private Utf8() {
    }

    /** True when {@code bytes} is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF). */
    static boolean isValid(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xFF;
            if (b >= 0xC2 && b <= 0xDF) {
                if (!continuation(bytes, i + 1, 1)) {
                    return false;
                }
                i += 2;
            } else if (b >= 0xE0 && b <= 0xEF) {
                if (!continuation(bytes, i + 1, 2)) {
                    return false;
                }
                int second = bytes[i + 1] & 0xFF;
                if ((b == 0xE0 && second < 0xA0) || (b == 0xED && second > 0x9F)) {
                    return false; // overlong, or a surrogate
                }
                i += 3;
            } else if (b >= 0xF0 && b <= 0xF4) {
                if (!continuation(bytes, i + 1, 3)) {
                    return false;
                }
                int second = bytes[i + 1] & 0xFF;
                if ((b == 0xF0 && second < 0x90) || (b == 0xF4 && second > 0x8F)) {
                    return false; // overlong, or past U+10FFFF
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean continuation(byte[] bytes, int from, int count) {
        if (from + count > bytes.length) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if ((bytes[i] & 0xC0) != 0x80) {
                return false;
            }
        }
        return true;
    }
}

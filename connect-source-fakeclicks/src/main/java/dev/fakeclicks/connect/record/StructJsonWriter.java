package dev.fakeclicks.connect.record;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Writes a Struct as JsonConverter does with {@code schemas.enable=false} and {@code decimal.format=NUMERIC}
 * — the same bytes (a test compares them over every event type) — but straight into a byte array, without
 * JsonConverter's intermediate Jackson tree and its field lookups by name, which make up most of a Connect
 * task's time per record. Escaping follows Jackson's defaults: {@code "} and {@code \} and control characters
 * are escaped, so are surrogates (characters beyond the BMP), everything else is written as UTF-8. Only schemas made of what the catalogue uses are handled
 * (strings, integers, booleans, Decimal, structs, arrays; no defaults); {@link #supports} says which, and
 * everything else goes to JsonConverter.
 */
final class StructJsonWriter {

    private static final Map<Schema, Boolean> SUPPORTED = new ConcurrentHashMap<>();
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf = new byte[2_048];
    private int len;

    private StructJsonWriter() {
    }

    static boolean supports(Schema schema) {
        return SUPPORTED.computeIfAbsent(schema, StructJsonWriter::check);
    }

    private static boolean check(Schema schema) {
        if (schema.defaultValue() != null) {
            return false;
        }
        boolean decimal = Decimal.LOGICAL_NAME.equals(schema.name());
        switch (schema.type()) {
            case STRUCT:
                for (Field f : schema.fields()) {
                    if (!check(f.schema())) {
                        return false;
                    }
                }
                return true;
            case ARRAY:
                return schema.name() == null && check(schema.valueSchema());
            case BYTES:
                return decimal;
            case STRING:
                return true; // named strings (our ISO timestamps) are plain strings to JsonConverter
            case INT8:
            case INT16:
            case INT32:
            case INT64:
            case BOOLEAN:
                return schema.name() == null; // Date, Time and Timestamp are named INT32/INT64
            default:
                return false; // MAP, FLOAT32/64: left to JsonConverter
        }
    }

    static byte[] write(Struct struct) {
        StructJsonWriter w = new StructJsonWriter();
        w.writeStruct(struct);
        return Arrays.copyOf(w.buf, w.len);
    }

    private void writeStruct(Struct struct) {
        put((byte) '{');
        boolean first = true;
        for (Field field : struct.schema().fields()) {
            if (!first) {
                put((byte) ',');
            }
            first = false;
            writeString(field.name());
            put((byte) ':');
            write(field.schema(), struct.get(field));
        }
        put((byte) '}');
    }

    private void write(Schema schema, Object value) {
        if (value == null) {
            put(NULL);
            return;
        }
        switch (schema.type()) {
            case STRUCT:
                writeStruct((Struct) value);
                return;
            case ARRAY:
                put((byte) '[');
                boolean first = true;
                for (Object element : (List<?>) value) {
                    if (!first) {
                        put((byte) ',');
                    }
                    first = false;
                    write(schema.valueSchema(), element);
                }
                put((byte) ']');
                return;
            case STRING:
                writeString((String) value);
                return;
            case INT8:
            case INT16:
            case INT32:
            case INT64:
                putAscii(value.toString());
                return;
            case BOOLEAN:
                put((Boolean) value ? TRUE : FALSE);
                return;
            case BYTES:
                putAscii(((BigDecimal) value).toString()); // Decimal only (see check), as Jackson writes it
                return;
            default:
                throw new IllegalStateException("unsupported type " + schema.type());
        }
    }

    private void writeString(String s) {
        ensure(s.length() * 6 + 2);
        buf[len++] = '"';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                buf[len++] = (byte) c;
            } else if (c == '"' || c == '\\') {
                buf[len++] = '\\';
                buf[len++] = (byte) c;
            } else if (c < 0x20) {
                escapeControl(c);
            } else if (c < 0x800) {
                buf[len++] = (byte) (0xC0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                // Jackson's UTF-8 generator writes characters outside the BMP as escaped surrogates.
                buf[len++] = '\\';
                buf[len++] = 'u';
                buf[len++] = HEX[(c >> 12) & 0xF];
                buf[len++] = HEX[(c >> 8) & 0xF];
                buf[len++] = HEX[(c >> 4) & 0xF];
                buf[len++] = HEX[c & 0xF];
            } else {
                buf[len++] = (byte) (0xE0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        buf[len++] = '"';
    }

    private void escapeControl(char c) {
        buf[len++] = '\\';
        switch (c) {
            case '\b':
                buf[len++] = 'b';
                return;
            case '\t':
                buf[len++] = 't';
                return;
            case '\n':
                buf[len++] = 'n';
                return;
            case '\f':
                buf[len++] = 'f';
                return;
            case '\r':
                buf[len++] = 'r';
                return;
            default:
                buf[len++] = 'u';
                buf[len++] = '0';
                buf[len++] = '0';
                buf[len++] = HEX[c >> 4];
                buf[len++] = HEX[c & 0xF];
        }
    }

    private void putAscii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }
}

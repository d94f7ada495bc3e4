package dev.fakeclicks.connect.record;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Writes a Struct as JsonConverter does with {@code schemas.enable=false} and {@code decimal.format=NUMERIC}
 * — the same bytes (a test compares them over every event type) — but straight into a byte array, without
 * JsonConverter's intermediate Jackson tree and its field lookups by name, which make up most of a Connect
 * task's time per record. Escaping follows Jackson's defaults: {@code "} and {@code \} and control characters
 * are escaped, so are surrogates (characters beyond the BMP), everything else is written as UTF-8.
 *
 * <p>Each struct schema is looked at once (by identity) and turned into a {@link StructShape}: its fields with
 * their JSON keys ready as bytes. Only schemas made of what the catalogue uses are handled (strings, integers,
 * booleans, Decimal, structs, arrays; no defaults); {@link #supports} says which, and everything else goes to
 * JsonConverter. A shared {@link EventStruct} without struct or array fields is written once and its bytes
 * are copied after that.
 *
 * <p>An instance keeps its buffer and shapes between calls, so it serves one thread: the converter's (the
 * task's thread), or the one that builds the events ({@link EventStructs}).
 */
final class StructJsonWriter {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    /** Marks a schema, in {@link #shapes}, that JsonConverter writes. */
    private static final StructShape UNSUPPORTED = new StructShape(new Field[0], new byte[0][], new Shape[0], true);

    private enum Kind { STRING, INTEGER, BOOLEAN, DECIMAL, STRUCT, ARRAY }

    /** How a value of one schema is written; {@code struct} for structs, {@code element} for arrays. */
    private record Shape(Kind kind, StructShape struct, Shape element) {
    }

    /**
     * A struct schema's fields in order, the JSON key written before each ({@code "name":}, with a leading
     * comma after the first), how each value is written, and whether it is flat (no struct or array fields,
     * so nothing inside it can change without a put on it).
     */
    private record StructShape(Field[] fields, byte[][] keys, Shape[] values, boolean flat) {
    }

    private final Map<Schema, StructShape> shapes = new IdentityHashMap<>();
    private byte[] buf = new byte[4_096];
    private int len;

    /** Whether values of this schema are written here rather than by JsonConverter. */
    static boolean supports(Schema schema) {
        return shape(schema) != null;
    }

    /** The struct's JSON, or null when its schema holds something only JsonConverter writes. */
    byte[] write(Struct struct) {
        StructShape shape = shapes.computeIfAbsent(struct.schema(), s -> {
            Shape found = shape(s);
            return found == null || found.kind != Kind.STRUCT ? UNSUPPORTED : found.struct;
        });
        if (shape == UNSUPPORTED) {
            return null;
        }
        len = 0;
        writeStruct(struct, shape);
        return Arrays.copyOf(buf, len);
    }

    /** How values of the schema are written, or null when JsonConverter must write them. */
    private static Shape shape(Schema schema) {
        if (schema.defaultValue() != null) {
            return null;
        }
        switch (schema.type()) {
            case STRUCT:
                return structShape(schema);
            case ARRAY:
                Shape element = schema.name() == null ? shape(schema.valueSchema()) : null;
                return element == null ? null : new Shape(Kind.ARRAY, null, element);
            case BYTES:
                return Decimal.LOGICAL_NAME.equals(schema.name()) ? new Shape(Kind.DECIMAL, null, null) : null;
            case STRING:
                return new Shape(Kind.STRING, null, null); // named strings (our ISO timestamps) are plain strings to JsonConverter
            case INT8:
            case INT16:
            case INT32:
            case INT64:
                return schema.name() == null ? new Shape(Kind.INTEGER, null, null) : null; // Date, Time, Timestamp are named
            case BOOLEAN:
                return schema.name() == null ? new Shape(Kind.BOOLEAN, null, null) : null;
            default:
                return null; // MAP, FLOAT32/64: left to JsonConverter
        }
    }

    private static Shape structShape(Schema schema) {
        List<Field> fields = schema.fields();
        byte[][] keys = new byte[fields.size()][];
        Shape[] values = new Shape[fields.size()];
        boolean flat = true;
        StructJsonWriter keyWriter = new StructJsonWriter();
        for (int i = 0; i < fields.size(); i++) {
            values[i] = shape(fields.get(i).schema());
            if (values[i] == null) {
                return null;
            }
            flat &= values[i].kind != Kind.STRUCT && values[i].kind != Kind.ARRAY;
            keyWriter.len = 0;
            if (i > 0) {
                keyWriter.put((byte) ',');
            }
            keyWriter.writeString(fields.get(i).name());
            keyWriter.put((byte) ':');
            keys[i] = Arrays.copyOf(keyWriter.buf, keyWriter.len);
        }
        return new Shape(Kind.STRUCT, new StructShape(fields.toArray(new Field[0]), keys, values, flat), null);
    }

    private void writeStruct(Struct struct, StructShape shape) {
        if (shape.flat && struct instanceof EventStruct shared && shared.shared()) {
            byte[] json = shared.json();
            if (json != null) {
                put(json);
                return;
            }
            int start = len;
            writeFields(struct, shape);
            shared.rememberJson(Arrays.copyOfRange(buf, start, len));
            return;
        }
        writeFields(struct, shape);
    }

    private void writeFields(Struct struct, StructShape shape) {
        put((byte) '{');
        Field[] fields = shape.fields;
        for (int i = 0; i < fields.length; i++) {
            put(shape.keys[i]);
            write(shape.values[i], struct.get(fields[i]));
        }
        put((byte) '}');
    }

    private void write(Shape shape, Object value) {
        if (value == null) {
            put(NULL);
            return;
        }
        switch (shape.kind) {
            case STRING:
                writeString((String) value);
                return;
            case INTEGER:
                writeLong(((Number) value).longValue());
                return;
            case BOOLEAN:
                put((Boolean) value ? TRUE : FALSE);
                return;
            case DECIMAL:
                putAscii(((BigDecimal) value).toString()); // as Jackson writes it
                return;
            case STRUCT:
                writeStruct((Struct) value, shape.struct);
                return;
            case ARRAY:
                put((byte) '[');
                boolean first = true;
                for (Object element : (List<?>) value) {
                    if (!first) {
                        put((byte) ',');
                    }
                    first = false;
                    write(shape.element, element);
                }
                put((byte) ']');
                return;
            default:
                throw new IllegalStateException("unsupported kind " + shape.kind);
        }
    }

    private void writeString(String s) {
        int n = s.length();
        ensure(n * 6 + 2);
        buf[len++] = '"';
        int i = asciiPrefix(s, n);
        for (; i < n; i++) {
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

    /**
     * Copies the string's leading characters that are written as they are (printable ASCII but {@code "} and
     * {@code \\}), all of a typical string, in a loop the JIT keeps tight; returns how many it copied.
     */
    private int asciiPrefix(String s, int n) {
        byte[] out = buf;
        int at = len;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                break;
            }
            out[at++] = (byte) c;
            i++;
        }
        len = at;
        return i;
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

    /** Decimal digits of the value, as Long.toString gives them, without making the string. */
    private void writeLong(long value) {
        if (value == Long.MIN_VALUE) {
            putAscii(Long.toString(value));
            return;
        }
        ensure(20);
        if (value < 0) {
            buf[len++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long bound = 10; digits < 19 && value >= bound; bound *= 10) {
            digits++;
        }
        int end = len + digits;
        for (int i = end - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        len = end;
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

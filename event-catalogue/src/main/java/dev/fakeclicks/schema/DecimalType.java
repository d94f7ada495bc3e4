package dev.fakeclicks.schema;

/** Fixed-point numbers; money is always a decimal, never a double. */
public record DecimalType(int precision, int scale) implements DataType {

    public static final int MAX_PRECISION = 38;

    public DecimalType {
        if (precision < 1 || precision > MAX_PRECISION || scale < 0 || scale > precision) {
            throw new IllegalArgumentException(
                    "decimal(" + precision + "," + scale + ") is not valid: need 1 <= precision <= 38 and 0 <= scale <= precision");
        }
    }

    @Override
    public String simpleString() {
        return "decimal(" + precision + "," + scale + ")";
    }
}

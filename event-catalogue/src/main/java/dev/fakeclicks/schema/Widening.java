package dev.fakeclicks.schema;

import java.util.List;

/**
 * A field whose type a candidate schema widens, e.g. {@code items[].qty} from int to bigint. BACKWARD allows it
 * (Spark reads the old values losslessly), but a table already written with the narrower type may not accept it,
 * so callers warn about each one.
 */
public record Widening(String path, AtomicType from, AtomicType to) {

    /** Every widening from {@code latest} to {@code candidate}, at any depth, found as BACKWARD compares them. */
    public static List<Widening> between(StructType latest, StructType candidate) {
        return BackwardCompatibility.compare(latest, candidate).widenings();
    }

    @Override
    public String toString() {
        return path + ": widened from " + from.simpleString() + " to " + to.simpleString();
    }
}

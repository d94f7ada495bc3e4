package dev.fakeclicks.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * BACKWARD rules: can a reader holding {@code candidate} read data written with {@code latest}?
 * Every problem is reported (not just the first), each naming the field path; so is every widening it allows.
 */
final class BackwardCompatibility {

    /** What one comparison found: the changes BACKWARD refuses, and the widenings it allows. */
    record Comparison(List<Incompatibility> problems, List<Widening> widenings) {
    }

    /** Lossless widenings Spark can apply to old data; each type maps to the types it may become. */
    private static final Map<AtomicType, List<AtomicType>> WIDENINGS = Map.of(
            AtomicType.BYTE, List.of(AtomicType.SHORT, AtomicType.INTEGER, AtomicType.LONG),
            AtomicType.SHORT, List.of(AtomicType.INTEGER, AtomicType.LONG),
            AtomicType.INTEGER, List.of(AtomicType.LONG),
            AtomicType.FLOAT, List.of(AtomicType.DOUBLE));

    private BackwardCompatibility() {
    }

    static List<Incompatibility> check(StructType latest, StructType candidate) {
        return compare(latest, candidate).problems();
    }

    static Comparison compare(StructType latest, StructType candidate) {
        Comparison out = new Comparison(new ArrayList<>(), new ArrayList<>());
        compareStructs("", latest, candidate, out);
        return new Comparison(List.copyOf(out.problems()), List.copyOf(out.widenings()));
    }

    private static void compareStructs(String prefix, StructType latest, StructType candidate, Comparison out) {
        for (StructField old : latest.fields()) {
            String path = prefix + old.name();
            Optional<StructField> match = candidate.field(old.name());
            if (match.isEmpty()) {
                Optional<StructField> caseOnly = candidate.fields().stream()
                        .filter(f -> f.name().equalsIgnoreCase(old.name())).findFirst();
                out.problems().add(new Incompatibility(path, caseOnly
                        .map(f -> "renamed to \"" + f.name() + "\"; old data would lose this column")
                        .orElse("removed or renamed; old data still has it (keep the field, add new ones beside it)")));
                continue;
            }
            StructField now = match.get();
            if (old.nullable() && !now.nullable()) {
                out.problems().add(new Incompatibility(path, "made non-nullable; old data may hold nulls here"));
            }
            compareTypes(path, old.type(), now.type(), out);
        }
        for (StructField added : candidate.fields()) {
            if (latest.field(added.name()).isEmpty()
                    && latest.fields().stream().noneMatch(f -> f.name().equalsIgnoreCase(added.name()))
                    && !added.nullable()) {
                out.problems().add(new Incompatibility(prefix + added.name(),
                        "new field must be nullable; old data has no value for it"));
            }
        }
    }

    private static void compareTypes(String path, DataType old, DataType now, Comparison out) {
        if (old.equals(now)) {
            return;
        }
        if (old instanceof StructType oldStruct && now instanceof StructType newStruct) {
            compareStructs(path + ".", oldStruct, newStruct, out);
        } else if (old instanceof ArrayType oldArray && now instanceof ArrayType newArray) {
            if (oldArray.containsNull() && !newArray.containsNull()) {
                out.problems().add(new Incompatibility(path, "array elements made non-nullable; old data may hold null elements"));
            }
            compareTypes(path + "[]", oldArray.elementType(), newArray.elementType(), out);
        } else if (old instanceof MapType oldMap && now instanceof MapType newMap) {
            if (!oldMap.keyType().equals(newMap.keyType())) {
                out.problems().add(new Incompatibility(path, "map key type changed from " + oldMap.keyType().simpleString()
                        + " to " + newMap.keyType().simpleString()));
            }
            if (oldMap.valueContainsNull() && !newMap.valueContainsNull()) {
                out.problems().add(new Incompatibility(path, "map values made non-nullable; old data may hold null values"));
            }
            compareTypes(path + "{}", oldMap.valueType(), newMap.valueType(), out);
        } else if (old instanceof AtomicType oldAtomic && now instanceof AtomicType newAtomic
                && WIDENINGS.getOrDefault(oldAtomic, List.of()).contains(newAtomic)) {
            out.widenings().add(new Widening(path, oldAtomic, newAtomic));
        } else {
            out.problems().add(new Incompatibility(path, "type changed from " + old.simpleString() + " to " + now.simpleString()
                    + " (allowed widenings: tinyint -> smallint -> int -> bigint, float -> double)"));
        }
    }
}

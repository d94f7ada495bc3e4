package dev.fakeclicks.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WideningTest {

    private static final StructType ITEM = StructType.of(
            new StructField("qty", AtomicType.INTEGER, true),
            new StructField("weight", AtomicType.FLOAT, true));
    private static final StructType V1 = StructType.of(
            new StructField("event_id", AtomicType.STRING, false),
            new StructField("count", AtomicType.INTEGER, true),
            new StructField("level", AtomicType.BYTE, true),
            new StructField("page", StructType.of(new StructField("depth", AtomicType.SHORT, true)), true),
            new StructField("items", new ArrayType(ITEM, true), true),
            new StructField("scores", new MapType(AtomicType.STRING, AtomicType.FLOAT, true), true));

    private static List<String> widenings(StructType candidate) {
        return Widening.between(V1, candidate).stream().map(Widening::toString).toList();
    }

    @Test
    void noWideningBetweenEqualSchemasOrWhenOnlyFieldsAreAdded() {
        assertThat(Widening.between(V1, V1)).isEmpty();
        assertThat(Widening.between(V1, V1.with(new StructField("coupon", AtomicType.STRING, true)))).isEmpty();
    }

    @Test
    void everyWidenedFieldIsNamedAtEveryDepth() {
        StructType widened = StructType.of(
                new StructField("event_id", AtomicType.STRING, false),
                new StructField("count", AtomicType.LONG, true),
                new StructField("level", AtomicType.SHORT, true),
                new StructField("page", StructType.of(new StructField("depth", AtomicType.INTEGER, true)), true),
                new StructField("items", new ArrayType(StructType.of(
                        new StructField("qty", AtomicType.LONG, true),
                        new StructField("weight", AtomicType.DOUBLE, true)), true), true),
                new StructField("scores", new MapType(AtomicType.STRING, AtomicType.DOUBLE, true), true));

        assertThat(widenings(widened)).containsExactly(
                "count: widened from int to bigint",
                "level: widened from tinyint to smallint",
                "page.depth: widened from smallint to int",
                "items[].qty: widened from int to bigint",
                "items[].weight: widened from float to double",
                "scores{}: widened from float to double");
        assertThat(CompatibilityMode.BACKWARD.check(V1, widened)).as("widenings stay compatible").isEmpty();
    }

    @Test
    void aRefusedTypeChangeIsNotAWidening() {
        StructType narrowed = new StructType(V1.fields().stream().map(f -> f.name().equals("count")
                ? new StructField("count", AtomicType.SHORT, true) : f).toList());
        assertThat(Widening.between(V1, narrowed)).isEmpty();
        assertThat(CompatibilityMode.BACKWARD.check(V1, narrowed)).isNotEmpty();
    }
}

package dev.fakeclicks.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompatibilityModeTest {

    private static final StructType PAGE = StructType.of(
            new StructField("url", AtomicType.STRING, false),
            new StructField("title", AtomicType.STRING, true));
    private static final StructType V1 = StructType.of(
            new StructField("event_id", AtomicType.STRING, false),
            new StructField("count", AtomicType.INTEGER, true),
            new StructField("ratio", AtomicType.FLOAT, true),
            new StructField("page", PAGE, true),
            new StructField("items", new ArrayType(StructType.of(new StructField("qty", AtomicType.INTEGER, true)), true), true),
            new StructField("attrs", new MapType(AtomicType.STRING, AtomicType.INTEGER, true), true));

    private static List<String> backward(StructType candidate) {
        return CompatibilityMode.BACKWARD.check(V1, candidate).stream().map(Incompatibility::toString).toList();
    }

    /** V1 with its field {@code name} replaced by {@code replacement} (which may have another name), in place. */
    private static StructType replacing(String name, StructField replacement) {
        return new StructType(V1.fields().stream().map(f -> f.name().equals(name) ? replacement : f).toList());
    }

    private static StructType withItems(DataType qtyType, boolean qtyNullable, boolean containsNull) {
        return replacing("items", new StructField("items",
                new ArrayType(StructType.of(new StructField("qty", qtyType, qtyNullable)), containsNull), true));
    }

    @Test
    void identicalSchemaIsCompatible() {
        assertThat(backward(V1)).isEmpty();
    }

    @Test
    void addingANullableFieldIsAllowed() {
        assertThat(backward(V1.with(new StructField("coupon", AtomicType.STRING, true)))).isEmpty();
    }

    @Test
    void addingARequiredFieldIsRefusedNamingIt() {
        assertThat(backward(V1.with(new StructField("coupon", AtomicType.STRING, false))))
                .containsExactly("coupon: new field must be nullable; old data has no value for it");
    }

    @Test
    void wideningIntToLongAndFloatToDoubleIsAllowed() {
        StructType widened = new StructType(V1.fields().stream().map(f -> switch (f.name()) {
            case "count" -> new StructField("count", AtomicType.LONG, true);
            case "ratio" -> new StructField("ratio", AtomicType.DOUBLE, true);
            default -> f;
        }).toList());
        assertThat(backward(widened)).isEmpty();
    }

    @Test
    void narrowingOrRetypingIsRefused() {
        StructType retyped = new StructType(V1.fields().stream().map(f -> f.name().equals("count")
                ? new StructField("count", AtomicType.STRING, true) : f).toList());
        assertThat(backward(retyped)).singleElement().asString()
                .startsWith("count: type changed from int to string");
    }

    /** Delta cannot change a decimal column's precision or scale, and a smaller one would not hold old values. */
    @Test
    void changingADecimalsPrecisionOrScaleIsRefused() {
        StructType v1 = StructType.of(new StructField("price", new DecimalType(12, 2), true));
        for (DecimalType other : List.of(new DecimalType(18, 2), new DecimalType(12, 4), new DecimalType(10, 2))) {
            assertThat(CompatibilityMode.BACKWARD.check(v1, StructType.of(new StructField("price", other, true))))
                    .as(other.toString()).singleElement().asString()
                    .startsWith("price: type changed from decimal(12,2) to decimal(" + other.precision() + "," + other.scale() + ")");
        }
        assertThat(CompatibilityMode.BACKWARD.check(v1, v1)).isEmpty();
    }

    @Test
    void removingAFieldIsRefused() {
        assertThat(backward(V1.without("ratio"))).singleElement().asString()
                .startsWith("ratio: removed or renamed");
    }

    @Test
    void renamingAFieldIsRefusedAsARemoval() {
        StructType renamed = V1.without("ratio").with(new StructField("rate", AtomicType.FLOAT, true));
        assertThat(backward(renamed)).singleElement().asString().startsWith("ratio: removed or renamed");
    }

    @Test
    void makingANullableFieldRequiredIsRefused() {
        StructType tightened = new StructType(V1.fields().stream().map(f -> f.name().equals("count")
                ? new StructField("count", AtomicType.INTEGER, false) : f).toList());
        assertThat(backward(tightened)).containsExactly("count: made non-nullable; old data may hold nulls here");
    }

    @Test
    void nestedProblemsNameTheFullPath() {
        StructType page = StructType.of(new StructField("url", AtomicType.STRING, false));
        StructType items = StructType.of(new StructField("qty", AtomicType.STRING, true));
        StructType candidate = new StructType(V1.fields().stream().map(f -> switch (f.name()) {
            case "page" -> new StructField("page", page, true);
            case "items" -> new StructField("items", new ArrayType(items, true), true);
            default -> f;
        }).toList());
        assertThat(backward(candidate)).hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("page.title: removed or renamed"))
                .anySatisfy(p -> assertThat(p).startsWith("items[].qty: type changed from int to string"));
    }

    @Test
    void addingNullableNestedFieldsIsAllowed() {
        StructType page = PAGE.with(new StructField("referrer", AtomicType.STRING, true));
        StructType candidate = new StructType(V1.fields().stream().map(f -> f.name().equals("page")
                ? new StructField("page", page, true) : f).toList());
        assertThat(backward(candidate)).isEmpty();
    }

    @Test
    void makingANestedNullableFieldRequiredIsRefusedNamingItsPath() {
        StructType page = StructType.of(new StructField("url", AtomicType.STRING, false),
                new StructField("title", AtomicType.STRING, false));
        assertThat(backward(replacing("page", new StructField("page", page, true))))
                .containsExactly("page.title: made non-nullable; old data may hold nulls here");
    }

    @Test
    void makingAFieldOfArrayElementsRequiredIsRefusedNamingItsPath() {
        assertThat(backward(withItems(AtomicType.INTEGER, false, true)))
                .containsExactly("items[].qty: made non-nullable; old data may hold nulls here");
    }

    @Test
    void makingArrayElementsNonNullableIsRefused() {
        assertThat(backward(withItems(AtomicType.INTEGER, true, false)))
                .containsExactly("items: array elements made non-nullable; old data may hold null elements");
    }

    @Test
    void makingMapValuesNonNullableIsRefused() {
        assertThat(backward(replacing("attrs", new StructField("attrs",
                new MapType(AtomicType.STRING, AtomicType.INTEGER, false), true))))
                .containsExactly("attrs: map values made non-nullable; old data may hold null values");
    }

    @Test
    void changingTheMapValueTypeIsRefusedNamingTheValues() {
        assertThat(backward(replacing("attrs", new StructField("attrs",
                new MapType(AtomicType.STRING, AtomicType.STRING, true), true))))
                .containsExactly("attrs{}: type changed from int to string"
                        + " (allowed widenings: tinyint -> smallint -> int -> bigint, float -> double)");
    }

    @Test
    void wideningIntToLongInsideArraysIsAllowed() {
        assertThat(backward(withItems(AtomicType.LONG, true, true))).isEmpty();
    }

    @Test
    void aCaseOnlyRenameIsRefusedNamingTheNewSpelling() {
        assertThat(backward(replacing("ratio", new StructField("Ratio", AtomicType.FLOAT, true))))
                .containsExactly("ratio: renamed to \"Ratio\"; old data would lose this column");
    }

    @Test
    void addingARequiredNestedFieldIsRefusedNamingItsPath() {
        StructType page = PAGE.with(new StructField("referrer", AtomicType.STRING, false));
        assertThat(backward(replacing("page", new StructField("page", page, true))))
                .containsExactly("page.referrer: new field must be nullable; old data has no value for it");
    }

    @Test
    void noneAllowsAnything() {
        assertThat(CompatibilityMode.NONE.check(V1, StructType.of(new StructField("x", AtomicType.BINARY, false)))).isEmpty();
    }
}

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
            new StructField("items", new ArrayType(StructType.of(new StructField("qty", AtomicType.INTEGER, true)), true), true));

    private static List<String> backward(StructType candidate) {
        return CompatibilityMode.BACKWARD.check(V1, candidate).stream().map(Incompatibility::toString).toList();
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
    void noneAllowsAnything() {
        assertThat(CompatibilityMode.NONE.check(V1, StructType.of(new StructField("x", AtomicType.BINARY, false)))).isEmpty();
    }
}

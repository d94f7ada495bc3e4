package dev.fakeclicks.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fakeclicks.schema.AtomicType;
import dev.fakeclicks.schema.DataType;
import dev.fakeclicks.schema.DecimalType;
import dev.fakeclicks.schema.SchemaJson;
import dev.fakeclicks.schema.StructField;
import dev.fakeclicks.schema.StructType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogueTest {

    private static final Catalogue CATALOGUE = Catalogue.builtIn();

    @Test
    void holdsTheEcommerceFunnelTypes() {
        assertThat(CATALOGUE.types()).containsExactly(
                "session_start", "page_view", "search", "product_list_view", "product_click", "product_view",
                "add_to_cart", "remove_from_cart", "cart_view", "checkout_start", "add_shipping_info",
                "add_payment_info", "purchase", "login", "sign_up");
        assertThat(CATALOGUE.entries()).allSatisfy(e -> {
            assertThat(e.revision()).isEqualTo(1);
            assertThat(e.description()).isNotBlank();
        });
    }

    @Test
    void everyTypeSharesTheEnvelope() {
        StructType envelope = envelopeOf(CATALOGUE.require("page_view").schema());
        assertThat(envelope.fields()).extracting(StructField::name).containsExactly(
                "event_id", "event_type", "schema_version", "event_time", "sent_at", "anonymous_id", "user_id",
                "session_id", "session_event_index", "page", "utm", "device", "geo");
        assertThat(CATALOGUE.entries()).allSatisfy(e -> assertThat(envelopeOf(e.schema())).isEqualTo(envelope));
        assertThat(envelope.field("user_id").orElseThrow().nullable()).as("user_id is null until login").isTrue();
        assertThat(envelope.field("event_time").orElseThrow().type()).isEqualTo(AtomicType.TIMESTAMP);
    }

    @Test
    void moneyIsDecimalNeverFloatingPoint() {
        List<String> floating = new ArrayList<>();
        List<String> money = new ArrayList<>();
        for (CatalogueEntry entry : CATALOGUE.entries()) {
            walk(entry.type(), entry.schema(), floating, money);
        }
        assertThat(floating).isEmpty();
        assertThat(money).contains("purchase.value", "purchase.tax", "purchase.shipping", "purchase.items[].price",
                "add_to_cart.product.price", "cart_view.value");
    }

    @Test
    void typeSpecificFieldsArePresent() {
        assertThat(CATALOGUE.require("search").schema().field("query")).isPresent();
        assertThat(CATALOGUE.require("search").schema().field("results_count")).isPresent();
        assertThat(CATALOGUE.require("product_click").schema().field("position")).isPresent();
        assertThat(CATALOGUE.require("purchase").schema().fields()).extracting(StructField::name)
                .contains("order_id", "cart_id", "items", "value", "currency", "tax", "shipping", "payment_type", "coupon");
    }

    @Test
    void loadsADirectoryWithoutIndex(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("page_view.json"), SchemaJson.toPrettyJson(CATALOGUE.require("page_view").schema()));
        Catalogue fromDir = Catalogue.fromDirectory(dir);
        assertThat(fromDir.types()).containsExactly("page_view");
        assertThat(fromDir.require("page_view").schema()).isEqualTo(CATALOGUE.require("page_view").schema());
    }

    @Test
    void aDirectoryNamedLikeASchemaFileIsNoType(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("page_view.json"), SchemaJson.toPrettyJson(CATALOGUE.require("page_view").schema()));
        Files.createDirectories(dir.resolve("search.json"));
        assertThat(Catalogue.fromDirectory(dir).types()).containsExactly("page_view");
    }

    /** index is a valid type name: export writes it as index.json, which must read back as that type's schema. */
    @Test
    void anIndexJsonHoldingASchemaIsTheTypeNamedIndex(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("index.json"), SchemaJson.toPrettyJson(CATALOGUE.require("search").schema()));
        Files.writeString(dir.resolve("page_view.json"), SchemaJson.toPrettyJson(CATALOGUE.require("page_view").schema()));
        Catalogue fromDir = Catalogue.fromDirectory(dir);
        assertThat(fromDir.types()).containsExactly("index", "page_view");
        assertThat(fromDir.require("index").schema()).isEqualTo(CATALOGUE.require("search").schema());
    }

    @Test
    void anIndexJsonListingTypesIsStillTheIndex(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("index.json"), "{\"types\":[{\"name\":\"page_view\",\"revision\":2}]}");
        Files.writeString(dir.resolve("page_view.json"), SchemaJson.toPrettyJson(CATALOGUE.require("page_view").schema()));
        Files.writeString(dir.resolve("search.json"), SchemaJson.toPrettyJson(CATALOGUE.require("search").schema()));
        Catalogue fromDir = Catalogue.fromDirectory(dir);
        assertThat(fromDir.types()).as("only what the index lists").containsExactly("page_view");
        assertThat(fromDir.require("page_view").revision()).isEqualTo(2);
    }

    @Test
    void rejectsFilesNamedAfterInvalidTypes(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("Page View.json"), SchemaJson.toPrettyJson(CATALOGUE.require("page_view").schema()));
        assertThatThrownBy(() -> Catalogue.fromDirectory(dir))
                .isInstanceOf(CatalogueException.class)
                .hasMessageContaining("invalid event type name \"Page View\"");
    }

    @Test
    void rejectsSchemasWithoutTheEnvelope(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ping.json"), SchemaJson.toJson(StructType.of(new StructField("x", AtomicType.STRING, true))));
        assertThatThrownBy(() -> Catalogue.fromDirectory(dir))
                .hasMessageContaining("ping.json: event_id: required envelope field is missing");
    }

    private static StructType envelopeOf(StructType schema) {
        return new StructType(schema.fields().subList(0, 13));
    }

    private static void walk(String path, DataType type, List<String> floating, List<String> money) {
        if (type == AtomicType.FLOAT || type == AtomicType.DOUBLE) {
            floating.add(path);
        } else if (type instanceof DecimalType) {
            money.add(path);
        } else if (type instanceof StructType struct) {
            struct.fields().forEach(f -> walk(path + "." + f.name(), f.type(), floating, money));
        } else if (type instanceof dev.fakeclicks.schema.ArrayType array) {
            walk(path + "[]", array.elementType(), floating, money);
        }
    }
}

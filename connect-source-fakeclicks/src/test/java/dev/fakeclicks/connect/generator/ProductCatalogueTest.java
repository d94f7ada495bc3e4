package dev.fakeclicks.connect.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A product id names one product: the shipped configs use different seeds (and users may change products) but write
 * to the same topic and tables, whose product dimensions must not mix unrelated products under one id.
 */
class ProductCatalogueTest {

    /** Everything that describes product i, by index. */
    private static List<String> describe(Pools pools) {
        return pools.products().stream().map(p -> String.join("|", p.id(), p.sku(), p.name(), p.category(),
                String.valueOf(p.brand()), p.slug(), Arrays.toString(p.priceCents()))).toList();
    }

    @Test
    void aProductIdNamesTheSameProductWhateverTheSeedAndTheCatalogueSize() {
        List<String> demo = describe(Pools.build(42, 1_000)); // connect-config/fakeclicks.json
        List<String> dirty = describe(Pools.build(7, 1_000)); // connect-config/fakeclicks-dirty.json
        List<String> larger = describe(Pools.build(-5_550_123_456_789L, 2_000));
        List<String> single = describe(Pools.build(1, 1));

        assertThat(demo.get(0)).startsWith("prod-000001|");
        assertThat(dirty).as("another seed, the same products").isEqualTo(demo);
        assertThat(larger.subList(0, 1_000)).as("2,000 products extend the first 1,000").isEqualTo(demo);
        assertThat(single).containsExactly(demo.get(0));
        assertThat(new HashSet<>(larger.stream().map(d -> d.substring(0, d.indexOf('|'))).toList())).hasSize(2_000);
    }

    @Test
    void popularityStillFollowsTheStreamsSeed() {
        int[] a = Pools.build(42, 1_000).products().stream().mapToInt(Product::popularityRank).toArray();
        int[] b = Pools.build(7, 1_000).products().stream().mapToInt(Product::popularityRank).toArray();
        assertThat(a).as("which products draw the views is the traffic's, not the catalogue's").isNotEqualTo(b);
        assertThat(Arrays.stream(a).sorted().toArray()).isEqualTo(java.util.stream.IntStream.range(0, 1_000).toArray());
    }

    @Test
    void everyProductOfTheLargestCatalogueHasItsOwnSku() {
        Set<Integer> numbers = new HashSet<>();
        for (int i = 0; i < GeneratorSettings.MAX_PRODUCTS; i++) {
            int n = Pools.skuNumber(i);
            assertThat(n).isBetween(0, 999_999);
            assertThat(numbers.add(n)).as("SKU number of product %d repeats", i).isTrue();
        }
    }

    /**
     * The catalogue is part of the stream: a change to it (the catalogue seed, how products are drawn, a datafaker
     * upgrade) changes the products behind the ids, so it needs a new {@link ClickStream#STREAM_VERSION}.
     */
    @Test
    void theCatalogueIsTheOneItsStreamVersionNames() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String product : describe(Pools.build(1, 1_000))) {
            sha.update((product + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Map<Integer, String> digests = Map.of(2, "3319a1d0d07468f260e621c7e5427e2aba24f7a0ee5651e206e4edc1fc3b40f5",
                3, "3319a1d0d07468f260e621c7e5427e2aba24f7a0ee5651e206e4edc1fc3b40f5");
        assertThat(HexFormat.of().formatHex(sha.digest()))
                .as("the catalogue changed: bump ClickStream.STREAM_VERSION and add the new digest here")
                .isEqualTo(digests.get(ClickStream.STREAM_VERSION));
    }
}

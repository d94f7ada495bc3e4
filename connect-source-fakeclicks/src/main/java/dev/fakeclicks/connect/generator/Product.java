package dev.fakeclicks.connect.generator;

/**
 * A product of the catalogue. {@code priceCents} holds the unit price in each shop currency, indexed like
 * {@link Market#CURRENCIES}; {@code popularityRank} is 0 for the most viewed product.
 */
public record Product(int index, String id, String sku, String name, String category, String brand,
                      String slug, long[] priceCents, int popularityRank) {

    public long priceCents(int currency) {
        return priceCents[currency];
    }
}

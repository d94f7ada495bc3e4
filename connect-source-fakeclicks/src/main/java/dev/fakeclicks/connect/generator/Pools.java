package dev.fakeclicks.connect.generator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import net.datafaker.Faker;

/**
 * Everything sampled from datafaker, built once per task: product catalogue, user agents, cities, campaigns,
 * content pages, coupons. The per-event hot path only indexes into these pools with the seeded RNG: no Faker call
 * per event. Same seed and sizes give the same pools on every task and run.
 *
 * <p>The catalogue is the shop's, not the stream's: product {@code i} ({@code prod-<i+1>}: id, SKU, name, category,
 * brand, slug, prices) is a pure function of {@link #CATALOGUE_SEED} and {@code i}, the same whatever
 * {@code random.seed} and {@code products} (1,000 products are the first 1,000 of 2,000), so streams of different
 * seeds written to the same tables agree on what each product id is. Only popularity (which products draw the
 * views) follows the stream's seed, like the rest of the traffic.
 */
public final class Pools {

    public static final String SHOP_URL = "https://shop.fakeclicks.dev";

    /**
     * The seed of the product catalogue, fixed so that a product id names the same product in every run. A change to
     * it, or to how products are drawn (a datafaker upgrade included), changes the products behind the ids: a new
     * {@link ClickStream#STREAM_VERSION} (a test pins a digest of the catalogue).
     */
    public static final long CATALOGUE_SEED = 0x5EED_CA7A_1060_0001L;
    /** SKUs are a category prefix and six digits: a permutation of the product index below this. */
    private static final int SKU_NUMBERS = 1_000_000;

    /** A user agent with what it says about the device. */
    public record UserAgent(String value, String deviceType, String os, String browser) {
    }

    /** A city of a market; region and city may be unknown (null) as with IP geolocation. */
    public record Place(String city, String region, String timezone) {
    }

    /** A campaign: utm source, medium and campaign name. */
    public record Campaign(String source, String medium, String name) {
    }

    /** A coupon code and its discount in percent. */
    public record Coupon(String code, int percentOff) {
    }

    private final List<Product> products;
    private final double[] productCdf;
    private final Product[] byPopularity;
    private final List<String> categories;
    private final Map<String, Product[]> categoryProducts;
    private final Map<String, String> categorySlugs;
    private final Map<String, List<UserAgent>> userAgentsByDevice;
    private final Map<String, List<Place>> placesByCountry;
    private final double[] marketCdf;
    private final List<Campaign> campaigns;
    private final List<String> externalReferrers;
    private final List<String[]> contentPages;
    private final List<Coupon> coupons;
    private final List<String> searchTerms;

    private Pools(Builder b) {
        this.products = List.copyOf(b.products);
        this.productCdf = b.productCdf;
        this.byPopularity = b.byPopularity;
        this.categories = List.copyOf(b.categoryProducts.keySet());
        this.categoryProducts = b.categoryProducts;
        this.categorySlugs = b.categorySlugs;
        this.userAgentsByDevice = b.userAgents;
        this.placesByCountry = b.places;
        this.marketCdf = cdf(Market.ALL.stream().mapToDouble(Market::share).toArray());
        this.campaigns = List.copyOf(b.campaigns);
        this.externalReferrers = List.copyOf(b.referrers);
        this.contentPages = List.copyOf(b.contentPages);
        this.coupons = List.copyOf(b.coupons);
        this.searchTerms = List.copyOf(b.searchTerms);
    }

    /** Builds the pools; takes a few hundred milliseconds for the default sizes. */
    public static Pools build(long seed, int productCount) {
        return new Builder(seed).build(productCount);
    }

    // --- sampling (hot path: no allocation beyond what is returned) ---

    /** A product drawn by popularity (Zipf-like: the top 20% draw most views). */
    public Product popularProduct(SplittableRandom rnd) {
        return byPopularity[search(productCdf, rnd.nextDouble())];
    }

    public List<Product> products() {
        return products;
    }

    public List<String> categories() {
        return categories;
    }

    /** A category's products, most popular first. */
    public Product[] categoryProducts(String category) {
        return categoryProducts.get(category);
    }

    public String categorySlug(String category) {
        return categorySlugs.get(category);
    }

    public Market market(SplittableRandom rnd) {
        return Market.ALL.get(search(marketCdf, rnd.nextDouble()));
    }

    public UserAgent userAgent(String deviceType, SplittableRandom rnd) {
        List<UserAgent> agents = userAgentsByDevice.get(deviceType);
        return agents.get(rnd.nextInt(agents.size()));
    }

    public Place place(String country, SplittableRandom rnd) {
        List<Place> places = placesByCountry.get(country);
        return places.get(rnd.nextInt(places.size()));
    }

    public Campaign campaign(SplittableRandom rnd) {
        return campaigns.get(rnd.nextInt(campaigns.size()));
    }

    public String externalReferrer(SplittableRandom rnd) {
        return externalReferrers.get(rnd.nextInt(externalReferrers.size()));
    }

    /** A content page as {path, title}. */
    public String[] contentPage(SplittableRandom rnd) {
        return contentPages.get(rnd.nextInt(contentPages.size()));
    }

    public Coupon coupon(SplittableRandom rnd) {
        return coupons.get(rnd.nextInt(coupons.size()));
    }

    public String searchTerm(SplittableRandom rnd) {
        return searchTerms.get(rnd.nextInt(searchTerms.size()));
    }

    static double[] cdf(double[] weights) {
        double[] cdf = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            cdf[i] = sum;
        }
        for (int i = 0; i < cdf.length; i++) {
            cdf[i] /= sum;
        }
        cdf[cdf.length - 1] = 1.0;
        return cdf;
    }

    static int search(double[] cdf, double u) {
        int i = Arrays.binarySearch(cdf, u);
        int index = i >= 0 ? i + 1 : -i - 1;
        return Math.min(index, cdf.length - 1);
    }

    private static final class Builder {
        private final long seed;
        private final Faker faker;
        private final SplittableRandom rnd;
        private final List<Product> products = new ArrayList<>();
        private double[] productCdf;
        private Product[] byPopularity;
        private final Map<String, Product[]> categoryProducts = new LinkedHashMap<>();
        private final Map<String, String> categorySlugs = new HashMap<>();
        private final Map<String, List<UserAgent>> userAgents = new HashMap<>();
        private final Map<String, List<Place>> places = new HashMap<>();
        private final List<Campaign> campaigns = new ArrayList<>();
        private final List<String> referrers = new ArrayList<>();
        private final List<String[]> contentPages = new ArrayList<>();
        private final List<Coupon> coupons = new ArrayList<>();
        private final List<String> searchTerms = new ArrayList<>();

        Builder(long seed) {
            this.seed = seed;
            this.faker = new Faker(Locale.US, new Random(Hashing.hash(seed, Salt.POOLS)));
            this.rnd = Hashing.random(Hashing.hash(seed, Salt.POOLS, 1));
        }

        Pools build(int productCount) {
            buildProducts(productCount);
            buildUserAgents();
            buildPlaces();
            buildMarketing();
            return new Pools(this);
        }

        private void buildProducts(int count) {
            List<String> departments = new ArrayList<>(departments(
                    new Faker(Locale.US, new Random(Hashing.hash(CATALOGUE_SEED, Salt.CATALOGUE)))));
            // One Faker reseeded per product: product i's draws depend on i alone, not on the products before it.
            Random productRandom = new Random(0);
            Faker productFaker = new Faker(Locale.US, productRandom);
            Map<String, List<Product>> byCategory = new LinkedHashMap<>();
            // Popularity: a permutation of the catalogue drawn from the stream's seed, weighted 1/rank (Zipf, s = 1).
            int[] rankOf = permutation(count);
            for (int i = 0; i < count; i++) {
                productRandom.setSeed(Hashing.hash(CATALOGUE_SEED, Salt.CATALOGUE, i, 1));
                SplittableRandom draws = Hashing.random(Hashing.hash(CATALOGUE_SEED, Salt.CATALOGUE, i, 2));
                String category = departments.get(draws.nextInt(departments.size()));
                String name = productFaker.commerce().productName();
                String brand = draws.nextDouble() < 0.1 ? null : productFaker.commerce().brand();
                double usd = StrictMath.exp(StrictMath.log(35) + 0.9 * draws.nextGaussian());
                usd = Math.max(1.99, Math.min(2000, usd));
                long[] prices = new long[Market.CURRENCIES.size()];
                for (int c = 0; c < prices.length; c++) {
                    // Shop prices end in .99 in every currency.
                    prices[c] = Math.max(99, (long) Math.ceil(usd * Market.PER_USD[c]) * 100 - 1);
                }
                String id = String.format("prod-%06d", i + 1);
                String sku = String.format("%s-%06d", category.substring(0, Math.min(3, category.length())).toUpperCase(Locale.ROOT),
                        skuNumber(i));
                Product p = new Product(i, id, sku, name, category, brand, slug(name) + "-" + (i + 1), prices, rankOf[i]);
                products.add(p);
                byCategory.computeIfAbsent(category, c -> new ArrayList<>()).add(p);
            }
            byPopularity = new Product[count];
            for (Product p : products) {
                byPopularity[p.popularityRank()] = p;
            }
            double[] weights = new double[count];
            for (int r = 0; r < count; r++) {
                weights[r] = 1.0 / (r + 1);
            }
            productCdf = cdf(weights);
            for (Map.Entry<String, List<Product>> e : byCategory.entrySet()) {
                Product[] sorted = e.getValue().toArray(new Product[0]);
                Arrays.sort(sorted, (a, b) -> Integer.compare(a.popularityRank(), b.popularityRank()));
                categoryProducts.put(e.getKey(), sorted);
                categorySlugs.put(e.getKey(), slug(e.getKey()));
            }
            for (int i = 0; i < Math.min(count, 400); i++) {
                String[] words = products.get(i).name().toLowerCase(Locale.ROOT).split(" ");
                searchTerms.add(words.length > 1 ? words[words.length - 2] + " " + words[words.length - 1] : words[0]);
            }
            for (String c : byCategory.keySet()) {
                searchTerms.add(c.toLowerCase(Locale.ROOT));
            }
        }

        private static Set<String> departments(Faker catalogueFaker) {
            Set<String> result = new LinkedHashSet<>();
            for (int i = 0; i < 400 && result.size() < 18; i++) {
                // datafaker joins departments ("Books, Games & Toys"): keep the single names.
                for (String part : catalogueFaker.commerce().department().split(",| & ")) {
                    String name = part.trim();
                    if (!name.isEmpty()) {
                        result.add(name);
                    }
                }
            }
            return result;
        }

        private int[] permutation(int n) {
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            return p;
        }

        private void buildUserAgents() {
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < 3000; i++) {
                seen.add(faker.internet().userAgent());
            }
            for (String ua : seen) {
                UserAgent agent = classify(ua);
                if (agent != null) {
                    userAgents.computeIfAbsent(agent.deviceType(), d -> new ArrayList<>()).add(agent);
                }
            }
            // datafaker's list is thin on some devices: complete each class with current agents.
            addIfMissing("mobile", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36");
            addIfMissing("mobile", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1");
            addIfMissing("tablet", "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1");
            addIfMissing("tablet", "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36");
            addIfMissing("desktop", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36");
            addIfMissing("desktop", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15");
        }

        private void addIfMissing(String device, String ua) {
            List<UserAgent> list = userAgents.computeIfAbsent(device, d -> new ArrayList<>());
            if (list.size() < 3) {
                UserAgent agent = classify(ua);
                list.add(new UserAgent(ua, device, agent == null ? "Other" : agent.os(), agent == null ? "Other" : agent.browser()));
            }
        }

        /** What a user agent says about its device, or null for bots and crawlers. */
        static UserAgent classify(String ua) {
            String lower = ua.toLowerCase(Locale.ROOT);
            if (lower.contains("bot") || lower.contains("crawl") || lower.contains("spider") || lower.contains("slurp")) {
                return null;
            }
            String device;
            String os;
            if (lower.contains("ipad") || (lower.contains("android") && !lower.contains("mobile")) || lower.contains("tablet")) {
                device = "tablet";
                os = lower.contains("ipad") ? "iOS" : "Android";
            } else if (lower.contains("iphone") || lower.contains("android") || lower.contains("mobile")) {
                device = "mobile";
                os = lower.contains("iphone") ? "iOS" : lower.contains("android") ? "Android" : "Other";
            } else if (lower.contains("windows")) {
                device = "desktop";
                os = "Windows";
            } else if (lower.contains("macintosh") || lower.contains("mac os x")) {
                device = "desktop";
                os = "macOS";
            } else if (lower.contains("linux") || lower.contains("x11")) {
                device = "desktop";
                os = "Linux";
            } else {
                return null;
            }
            String browser;
            if (lower.contains("edg/") || lower.contains("edge/")) {
                browser = "Edge";
            } else if (lower.contains("opr/") || lower.contains("opera")) {
                browser = "Opera";
            } else if (lower.contains("firefox/")) {
                browser = "Firefox";
            } else if (lower.contains("chrome/") || lower.contains("crios/")) {
                browser = "Chrome";
            } else if (lower.contains("msie") || lower.contains("trident/")) {
                browser = "Internet Explorer";
            } else if (lower.contains("safari/")) {
                browser = "Safari";
            } else {
                browser = "Other";
            }
            return new UserAgent(ua, device, os, browser);
        }

        private void buildPlaces() {
            for (Market m : Market.ALL) {
                Faker local = new Faker(Locale.forLanguageTag(m.locale()), new Random(Hashing.hash(seed, Salt.POOLS, m.country().hashCode())));
                List<Place> list = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    String tz = m.timezones().get(rnd.nextInt(m.timezones().size()));
                    boolean unknown = rnd.nextDouble() < 0.03;
                    String region = m.regions().isEmpty() ? local.address().state() : m.regions().get(rnd.nextInt(m.regions().size()));
                    list.add(new Place(unknown ? null : local.address().city(), unknown ? null : region, tz));
                }
                places.put(m.country(), list);
            }
        }

        private void buildMarketing() {
            String[][] channels = {
                    {"google", "cpc"}, {"google", "cpc"}, {"bing", "cpc"}, {"facebook", "paid_social"},
                    {"instagram", "paid_social"}, {"tiktok", "paid_social"}, {"newsletter", "email"},
                    {"newsletter", "email"}, {"partner", "affiliate"}};
            for (int i = 0; i < 40; i++) {
                String[] ch = channels[rnd.nextInt(channels.length)];
                String name = slug(faker.marketing().buzzwords()) + "-" + (2025 + rnd.nextInt(2));
                campaigns.add(new Campaign(ch[0], ch[1], name));
            }
            referrers.addAll(List.of("https://www.google.com/", "https://www.google.com/", "https://www.bing.com/",
                    "https://duckduckgo.com/", "https://www.facebook.com/", "https://t.co/", "https://www.instagram.com/",
                    "https://www.reddit.com/"));
            for (int i = 0; i < 12; i++) {
                referrers.add("https://" + faker.internet().domainName() + "/" + faker.internet().slug());
            }
            for (int i = 0; i < 50; i++) {
                String words = faker.marketing().buzzwords();
                String title = Character.toUpperCase(words.charAt(0)) + words.substring(1);
                contentPages.add(new String[] {"/blog/" + slug(words) + "-" + (i + 1), title + " | Fakeclicks Journal"});
            }
            int[] percents = {10, 15, 20};
            for (int i = 0; i < 15; i++) {
                coupons.add(new Coupon(faker.commerce().promotionCode().toUpperCase(Locale.ROOT), percents[rnd.nextInt(percents.length)]));
            }
        }
    }

    /**
     * The number in product {@code index}'s SKU: a fixed permutation of [0, 1,000,000), so no two products share one
     * (a 4-round Feistel network over 20 bits, walked until it lands below a million; products are far fewer).
     */
    static int skuNumber(int index) {
        int x = index;
        do {
            int left = x >>> 10;
            int right = x & 0x3FF;
            for (int round = 0; round < 4; round++) {
                int next = left ^ (int) (Hashing.hash(CATALOGUE_SEED, Salt.CATALOGUE, -1 - round, right) & 0x3FF);
                left = right;
                right = next;
            }
            x = (left << 10) | right;
        } while (x >= SKU_NUMBERS);
        return x;
    }

    static String slug(String text) {
        String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        s = s.replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "item" : s;
    }
}

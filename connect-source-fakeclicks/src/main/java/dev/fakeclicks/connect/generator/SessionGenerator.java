package dev.fakeclicks.connect.generator;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Walks one visit through the shop as a state machine and returns its events. The walk is a pure function
 * of (seed, pool slot, visit): its random draws come from a generator seeded by those three only, and the slot's
 * visitor of that visit (the slot's first one or a newcomer, see {@link Visitors}) is a function of them too.
 *
 * <p>Pages: landing (home, category, product, search or content) → category and search result lists →
 * product pages (add to cart) → cart (remove lines, start checkout) → checkout → shipping → payment →
 * order confirmation. Every page load emits {@code page_view} and, where one exists, the page's own event
 * ({@code product_list_view}, {@code product_view}, {@code cart_view}, checkout steps, {@code purchase}).
 * Visitors may leave after any page ({@link FunnelSettings}), log in when they have an account (mostly at
 * checkout), and sign up in the one visit their history says they do. Think times are log-normal (median
 * ~25 s); now and then a visitor walks away, and a gap of more than 30 minutes ends the session.
 */
public final class SessionGenerator {

    public static final long INACTIVITY_TIMEOUT_MILLIS = 30 * 60_000L;
    static final int LIST_SIZE = 12;
    /** The longest normal delay between an event and its delivery. */
    public static final long MAX_CLIENT_DELAY_MILLIS = 5_000;
    /** A page loads in less than this: the first event after a think time comes at most this much later. */
    static final int MAX_PAGE_LOAD_MILLIS = 1_500;

    private static final String[] SORTS = {"relevance", "price_asc", "price_desc", "newest"};
    private static final String[] PAYMENT_TYPES = {"card", "card", "card", "card", "card", "card", "paypal", "paypal",
            "apple_pay", "google_pay", "gift_card"};
    private static final String[] LOGIN_METHODS = {"password", "password", "password", "password", "password",
            "password", "password", "google", "google", "apple"};
    private static final String[] SIGN_UP_METHODS = {"email", "email", "email", "google", "google", "apple"};

    private final long seed;
    private final Pools pools;
    private final Visitors visitors;
    private final FunnelSettings funnel;
    private final Map<String, Integer> revisions;
    /**
     * The product maps and list entries events share, by (product, currency) and (list, currency). Sharing saves
     * building them per event and lets the record layer build each one's struct once; but with a large catalogue
     * (200,000 products, 6 currencies) keeping every one ever shown would grow to a million maps over a long run.
     * They are pure functions of their key, so evicting one only costs rebuilding it: bounded, least recently used.
     */
    static final int MAX_SHARED_PRODUCTS = 16_384;
    static final int MAX_SHARED_LISTS = 2_048;

    private final Map<Long, Map<String, Object>> productStructs;
    private final Map<String, List<Object>> listEntries;

    /**
     * @param revisions catalogue revision per event type, stamped into {@code schema_version}
     */
    public SessionGenerator(long seed, Pools pools, FunnelSettings funnel, Map<String, Integer> revisions) {
        this(seed, pools, funnel, revisions, MAX_SHARED_PRODUCTS, MAX_SHARED_LISTS);
    }

    /** With other bounds on the shared product maps and lists (tests make them evict). */
    SessionGenerator(long seed, Pools pools, FunnelSettings funnel, Map<String, Integer> revisions,
                     int maxSharedProducts, int maxSharedLists) {
        this.seed = seed;
        this.pools = pools;
        this.visitors = new Visitors(seed, pools);
        this.funnel = funnel;
        this.revisions = Map.copyOf(revisions);
        this.productStructs = new LruCache<>(maxSharedProducts);
        this.listEntries = new LruCache<>(maxSharedLists);
    }

    /** The slot's visit {@code visit}, made by the slot's visitor of that visit (see {@link Visitors}, churn). */
    public GeneratedSession generate(int user, long visit, long start) {
        long generation = Visitors.generationStart(seed, user, visit);
        return new Walk(visitors.visitor(user, generation), visit, start).run();
    }

    private enum Kind {
        HOME("home"), CATEGORY("category"), SEARCH("search"), PRODUCT("product"), CART("cart"),
        CHECKOUT("checkout"), SHIPPING("checkout"), PAYMENT("checkout"), CONFIRMATION("checkout"),
        CONTENT("content"), LOGIN("account"), SIGN_UP("account");

        final String pageType;

        Kind(String pageType) {
            this.pageType = pageType;
        }
    }

    /** A product list shown on a page. */
    private record ShownList(String id, Product[] products) {
    }

    /** One session's walk; mutable, used once. */
    private final class Walk {
        private final Visitor visitor;
        private final long visit;
        /** The visit's number in its visitor's tenure: {@code visit} minus the visitor's generation. */
        private final long tenureVisit;
        private final long start;
        private final SplittableRandom rnd;
        private final String sessionId;
        private String cartId;
        private int purchases;
        private final Map<String, Object> utm;
        private final int currency;
        private final List<GeneratedEvent> events = new ArrayList<>();
        private final Map<Product, Integer> cart = new LinkedHashMap<>();

        private long t;
        private long lastArrival = Long.MIN_VALUE;
        private boolean loggedIn;
        private boolean hasAccount;
        private Kind kind;
        private Map<String, Object> page;
        private String pageUrl;
        private long lastPageViewTime = -1;
        private int pages;
        private ShownList list;
        private Product product;
        private String productListId;
        private String category;
        private int categoryPage;
        private Pools.Coupon coupon;
        private String shippingTier;
        private long shippingCents;
        private String paymentType;
        private GeneratedSession.EndReason forcedEnd;

        Walk(Visitor visitor, long visit, long start) {
            this.visitor = visitor;
            this.visit = visit;
            this.tenureVisit = visit - visitor.generation();
            this.start = start;
            this.t = start;
            this.rnd = Hashing.random(Hashing.hash(seed, Salt.SESSION, visitor.index(), visit));
            this.sessionId = Ids.sessionId(seed, visitor.index(), visit);
            this.cartId = cartId(0);
            this.currency = visitor.market().currency();
            this.hasAccount = visitor.hasAccountAt(tenureVisit);
            this.loggedIn = hasAccount && visitor.remembered();
            this.utm = utm();
        }

        GeneratedSession run() {
            GeneratedSession.EndReason end = walk();
            return new GeneratedSession(visitor.index(), visit, start, end, List.copyOf(events));
        }

        private GeneratedSession.EndReason walk() {
            land();
            if (visitor.signUpVisit() == tenureVisit) {
                // The visit in which this visitor's history says they sign up. It must not end before the sign-up:
                // Every visitor who reaches that visit of their tenure signs up exactly once.
                think(false);
                signUp();
            }
            while (true) {
                boolean checkoutPage = kind == Kind.CHECKOUT || kind == Kind.SHIPPING || kind == Kind.PAYMENT;
                if (!checkoutPage && rnd.nextDouble() < exitProbability()) {
                    return pages <= 1 ? GeneratedSession.EndReason.BOUNCE
                            : kind == Kind.CONFIRMATION ? GeneratedSession.EndReason.AFTER_PURCHASE : GeneratedSession.EndReason.EXIT;
                }
                if (!think(true)) {
                    return endReason();
                }
                if (!step()) {
                    return forcedEnd != null ? forcedEnd : GeneratedSession.EndReason.EXIT;
                }
            }
        }

        private GeneratedSession.EndReason endReason() {
            return t - start >= VisitSchedule.MAX_SESSION_MILLIS ? GeneratedSession.EndReason.MAX_DURATION
                    : GeneratedSession.EndReason.INACTIVITY_TIMEOUT;
        }

        private double exitProbability() {
            if (kind == Kind.CONFIRMATION) {
                return 0.8;
            }
            if (kind == Kind.CART) {
                return funnel.exitRate() / 2; // a cart page is a strong intent signal
            }
            return pages <= 1 ? funnel.bounceRate() : funnel.exitRate();
        }

        /**
         * Waits a think time; false when the visitor does not come back within the timeout. Without
         * {@code mayWalkAway} the visitor does not walk away, and at the start of a session the gap (at most
         * 20 minutes) stays within both the inactivity timeout and the session's length: it returns true.
         */
        private boolean think(boolean mayWalkAway) {
            long gap;
            // Drawn either way, so the random sequence, and so the session, is the same whenever the visitor stays.
            boolean walksAway = rnd.nextDouble() < 0.02;
            if (walksAway && mayWalkAway) {
                gap = 10 * 60_000L + (long) (rnd.nextDouble() * 110 * 60_000L); // walked away
            } else {
                gap = (long) Math.min(20 * 60_000.0, Math.max(2_000.0, StrictMath.exp(StrictMath.log(25_000) + 0.9 * rnd.nextGaussian())));
            }
            // The next event follows the think time by up to a page load: if that could put it past the timeout,
            // the visitor has not come back in time (a gap between two events never exceeds the timeout).
            if (gap > INACTIVITY_TIMEOUT_MILLIS - MAX_PAGE_LOAD_MILLIS) {
                return false;
            }
            // Leave room for the few seconds a step takes after its think time.
            if (t + gap - start > VisitSchedule.MAX_SESSION_MILLIS - 300_000) {
                t = Math.max(t, start + VisitSchedule.MAX_SESSION_MILLIS);
                return false;
            }
            t += gap;
            return true;
        }

        /** One move from the current page; false when the visitor leaves. */
        private boolean step() {
            double r = rnd.nextDouble();
            switch (kind) {
                case HOME:
                case CONTENT:
                case LOGIN:
                case SIGN_UP:
                case CONFIRMATION:
                    return fromBrowsePage(r);
                case CATEGORY:
                case SEARCH:
                    return fromList(r);
                case PRODUCT:
                    return fromProduct(r);
                case CART:
                    return fromCart(r);
                case CHECKOUT:
                    return checkoutStep(() -> {
                        shippingStep();
                    });
                case SHIPPING:
                    return checkoutStep(this::paymentStep);
                case PAYMENT:
                    return checkoutStep(this::purchaseStep);
                default:
                    throw new IllegalStateException("no transitions from " + kind);
            }
        }

        private boolean fromBrowsePage(double r) {
            if (!loggedIn && hasAccount && r < 0.1) {
                login(page);
                return true;
            }
            if (!cart.isEmpty() && r < 0.14) {
                openCart();
            } else if (r < 0.55) {
                openCategory(pools.categories().get(rnd.nextInt(pools.categories().size())), 1);
            } else if (r < 0.75) {
                runSearch();
            } else if (r < 0.88) {
                clickRecommendation("recs-home");
            } else {
                openContent();
            }
            return true;
        }

        private boolean fromList(double r) {
            if (list == null || r >= 0.85) {
                if (r < 0.93 || list == null) {
                    runSearch();
                } else {
                    openHome();
                }
            } else if (r < 0.62) {
                clickInList(list);
            } else {
                openCategory(category != null ? category : pools.categories().get(rnd.nextInt(pools.categories().size())),
                        category != null ? categoryPage + 1 : 1);
            }
            return true;
        }

        private boolean fromProduct(double r) {
            if (r < funnel.addToCartRate()) {
                addToCart(product);
                // After adding, most go to the cart or keep shopping.
                if (!think(true)) {
                    forcedEnd = endReason();
                    return false;
                }
                if (rnd.nextDouble() < 0.6) {
                    openCart();
                } else {
                    openCategory(product.category(), 1);
                }
                return true;
            }
            double rest = (r - funnel.addToCartRate()) / (1 - funnel.addToCartRate());
            if (!cart.isEmpty() && rest < 0.12) {
                openCart();
            } else if (rest < 0.55) {
                openCategory(product.category(), 1);
            } else if (rest < 0.8) {
                clickRecommendation("recs-pdp");
            } else {
                runSearch();
            }
            return true;
        }

        private boolean fromCart(double r) {
            if (cart.isEmpty()) {
                openCategory(pools.categories().get(rnd.nextInt(pools.categories().size())), 1);
                return true;
            }
            if (r < funnel.checkoutRate()) {
                startCheckout();
            } else if (r < funnel.checkoutRate() + funnel.cartRemovalRate()) {
                removeFromCart();
            } else {
                Product any = cart.keySet().iterator().next();
                openCategory(any.category(), 1);
            }
            return true;
        }

        private boolean checkoutStep(Runnable next) {
            if (rnd.nextDouble() < funnel.checkoutStepRate()) {
                next.run();
                return true;
            }
            if (rnd.nextDouble() < 0.25) {
                openCart();
                return true;
            }
            return false;
        }

        // --- pages ---

        private void land() {
            double r = rnd.nextDouble();
            String referrer = utm != null || rnd.nextDouble() < 0.55 ? pools.externalReferrer(rnd) : null;
            Kind landing = r < 0.38 ? Kind.HOME : r < 0.63 ? Kind.CATEGORY : r < 0.83 ? Kind.PRODUCT : r < 0.90 ? Kind.SEARCH : Kind.CONTENT;
            switch (landing) {
                case CATEGORY:
                    category = pools.categories().get(rnd.nextInt(pools.categories().size()));
                    categoryPage = 1;
                    setPage(Kind.CATEGORY, categoryPath(category), categoryUrl(category, 1), category + " | Fakeclicks Shop", referrer);
                    break;
                case PRODUCT:
                    product = pools.popularProduct(rnd);
                    productListId = null;
                    setPage(Kind.PRODUCT, "/p/" + product.slug(), null, product.name() + " | Fakeclicks Shop", referrer);
                    break;
                case SEARCH:
                    String q = pools.searchTerm(rnd);
                    setPage(Kind.SEARCH, "/search", "/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), "Search: " + q, referrer);
                    break;
                case CONTENT:
                    String[] content = pools.contentPage(rnd);
                    setPage(Kind.CONTENT, content[0], null, content[1], referrer);
                    break;
                default:
                    setPage(Kind.HOME, "/", null, "Fakeclicks Shop", referrer);
            }
            Map<String, Object> start = common("session_start");
            start.put("is_new_visitor", visitor.priorVisits() + tenureVisit == 0);
            start.put("session_number", (int) Math.min(Integer.MAX_VALUE, visitor.priorVisits() + tenureVisit + 1));
            start.put("landing_page_type", kind.pageType);
            emit(start);
            t += 1 + rnd.nextInt(30);
            pageView();
            switch (landing) {
                case CATEGORY:
                    showCategoryList();
                    break;
                case PRODUCT:
                    productView();
                    break;
                case SEARCH:
                    String q = pageUrl.substring(pageUrl.indexOf("?q=") + 3);
                    searchResults(java.net.URLDecoder.decode(q, StandardCharsets.UTF_8));
                    break;
                default:
                    break;
            }
        }

        private void navigate(Kind next, String path, String url, String title) {
            t += 300 + rnd.nextInt(MAX_PAGE_LOAD_MILLIS - 300); // page load
            setPage(next, path, url, title, pageUrl);
            pageView();
        }

        private void setPage(Kind next, String path, String url, String title, String referrer) {
            kind = next;
            pageUrl = Pools.SHOP_URL + (url != null ? url : path);
            Map<String, Object> p = new HashMap<>(8);
            p.put("url", pageUrl);
            p.put("path", path);
            p.put("title", rnd.nextDouble() < 0.02 ? null : title);
            p.put("referrer", referrer);
            page = p;
        }

        private void pageView() {
            Map<String, Object> e = common("page_view");
            e.put("page_type", kind.pageType);
            e.put("previous_page_duration_ms", lastPageViewTime < 0 ? null : t - lastPageViewTime);
            lastPageViewTime = t;
            pages++;
            emit(e);
        }

        private void openHome() {
            navigate(Kind.HOME, "/", null, "Fakeclicks Shop");
            list = null;
        }

        private void openContent() {
            String[] content = pools.contentPage(rnd);
            navigate(Kind.CONTENT, content[0], null, content[1]);
            list = null;
        }

        private void openCategory(String c, int pageNumber) {
            Product[] all = pools.categoryProducts(c);
            int pagesInCategory = Math.max(1, (all.length + LIST_SIZE - 1) / LIST_SIZE);
            category = c;
            categoryPage = pageNumber > pagesInCategory ? 1 : pageNumber;
            navigate(Kind.CATEGORY, categoryPath(c), categoryUrl(c, categoryPage), c + " | Fakeclicks Shop");
            showCategoryList();
        }

        private String categoryPath(String c) {
            return "/c/" + pools.categorySlug(c);
        }

        private String categoryUrl(String c, int pageNumber) {
            return categoryPath(c) + (pageNumber > 1 ? "?page=" + pageNumber : "");
        }

        private void showCategoryList() {
            Product[] all = pools.categoryProducts(category);
            int from = Math.min(all.length, (categoryPage - 1) * LIST_SIZE);
            int to = Math.min(all.length, from + LIST_SIZE);
            Product[] shown = java.util.Arrays.copyOfRange(all, from, to);
            String id = "cat-" + pools.categorySlug(category) + "-p" + categoryPage;
            productListView(new ShownList(id, shown), "Category: " + category, category);
        }

        private void runSearch() {
            String q = pools.searchTerm(rnd);
            category = null;
            navigate(Kind.SEARCH, "/search", "/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), "Search: " + q);
            searchResults(q);
        }

        private void searchResults(String q) {
            // Results come from one category, chosen by the query so the same query finds the same products.
            List<String> categories = pools.categories();
            String c = categories.get(Math.floorMod(q.hashCode(), categories.size()));
            Product[] all = pools.categoryProducts(c);
            boolean none = rnd.nextDouble() < 0.08;
            int count = none ? 0 : all.length + rnd.nextInt(200);
            t += 200 + rnd.nextInt(600);
            Map<String, Object> e = common("search");
            e.put("query", q);
            e.put("results_count", count);
            e.put("sort", rnd.nextDouble() < 0.6 ? null : SORTS[rnd.nextInt(SORTS.length)]);
            emit(e);
            if (none) {
                list = null;
                return;
            }
            Product[] shown = java.util.Arrays.copyOf(all, Math.min(all.length, LIST_SIZE));
            String id = Hashing.hexId("search-", Integer.toUnsignedLong(q.hashCode()), 8);
            productListView(new ShownList(id, shown), "Search results", null);
        }

        private void productListView(ShownList shown, String name, String listCategory) {
            t += 50 + rnd.nextInt(400);
            list = shown;
            Map<String, Object> e = common("product_list_view");
            e.put("list_id", shown.id());
            e.put("list_name", name);
            e.put("category", listCategory);
            // A list page shows the same products at the same prices to everyone paying in a currency: share it.
            List<Object> items = listEntries.computeIfAbsent(shown.id() + "/" + currency, k -> {
                List<Object> entries = new ArrayList<>(shown.products().length);
                for (int i = 0; i < shown.products().length; i++) {
                    Map<String, Object> item = new HashMap<>(4);
                    item.put("product_id", shown.products()[i].id());
                    item.put("position", i + 1);
                    item.put("price", money(shown.products()[i].priceCents(currency)));
                    entries.add(java.util.Collections.unmodifiableMap(item));
                }
                return java.util.Collections.unmodifiableList(entries);
            });
            e.put("products", items);
            emit(e);
        }

        private void clickInList(ShownList shown) {
            if (shown.products().length == 0) {
                runSearch();
                return;
            }
            // Top positions are clicked far more often.
            int n = shown.products().length;
            int position = 1 + Math.min(n - 1, (int) Math.floor(StrictMath.pow(rnd.nextDouble(), 2.2) * n));
            click(shown.id(), position, shown.products()[position - 1]);
        }

        private void clickRecommendation(String listId) {
            click(listId, 1 + rnd.nextInt(8), pools.popularProduct(rnd));
        }

        private void click(String listId, int position, Product clicked) {
            Map<String, Object> e = common("product_click");
            e.put("list_id", listId);
            e.put("position", position);
            e.put("product", productStruct(clicked));
            emit(e);
            product = clicked;
            productListId = listId;
            navigate(Kind.PRODUCT, "/p/" + clicked.slug(), null, clicked.name() + " | Fakeclicks Shop");
            productView();
        }

        private void productView() {
            t += 50 + rnd.nextInt(400);
            Map<String, Object> e = common("product_view");
            e.put("product", productStruct(product));
            e.put("list_id", productListId);
            emit(e);
            list = null;
        }

        private void addToCart(Product p) {
            int quantity = rnd.nextDouble() < 0.75 ? 1 : rnd.nextDouble() < 0.7 ? 2 : 3;
            cart.merge(p, quantity, Integer::sum);
            emitCartLineChange("add_to_cart", p, quantity);
        }

        private void removeFromCart() {
            List<Product> lines = new ArrayList<>(cart.keySet());
            Product p = lines.get(rnd.nextInt(lines.size()));
            int inCart = cart.get(p);
            int quantity = inCart == 1 || rnd.nextDouble() < 0.7 ? inCart : 1 + rnd.nextInt(inCart - 1);
            if (quantity == inCart) {
                cart.remove(p);
            } else {
                cart.put(p, inCart - quantity);
            }
            emitCartLineChange("remove_from_cart", p, quantity);
        }

        /** add_to_cart and remove_from_cart: the line's product, the quantity changed and what it is worth. */
        private void emitCartLineChange(String type, Product p, int quantity) {
            Map<String, Object> e = common(type);
            e.put("cart_id", cartId);
            e.put("product", productStruct(p));
            e.put("quantity", quantity);
            e.put("value", money(p.priceCents(currency) * quantity));
            e.put("currency", visitor.market().currencyCode());
            emit(e);
        }

        private void openCart() {
            navigate(Kind.CART, "/cart", null, "Your cart | Fakeclicks Shop");
            t += 50 + rnd.nextInt(300);
            Map<String, Object> e = common("cart_view");
            e.put("cart_id", cartId);
            e.put("items", cartItems());
            e.put("value", money(cartValueCents()));
            e.put("currency", visitor.market().currencyCode());
            emit(e);
            list = null;
        }

        private void startCheckout() {
            if (!loggedIn && hasAccount && rnd.nextDouble() < 0.8) {
                login(page);
                t += 1_000 + rnd.nextInt(4_000);
            }
            navigate(Kind.CHECKOUT, "/checkout", null, "Checkout | Fakeclicks Shop");
            t += 50 + rnd.nextInt(300);
            coupon = rnd.nextDouble() < 0.12 ? pools.coupon(rnd) : null;
            Map<String, Object> e = common("checkout_start");
            e.put("cart_id", cartId);
            e.put("items", cartItems());
            e.put("value", money(cartValueCents()));
            e.put("currency", visitor.market().currencyCode());
            e.put("coupon", coupon == null ? null : coupon.code());
            emit(e);
        }

        private void shippingStep() {
            navigate(Kind.SHIPPING, "/checkout/shipping", null, "Shipping | Fakeclicks Shop");
            double r = rnd.nextDouble();
            long subtotal = cartValueCents();
            if (r < 0.7) {
                shippingTier = "standard";
                shippingCents = subtotal >= Math.round(5_000 * Market.PER_USD[currency]) ? 0 : Math.round(499 * Market.PER_USD[currency]);
            } else if (r < 0.9) {
                shippingTier = "express";
                shippingCents = Math.round(1_499 * Market.PER_USD[currency]);
            } else {
                shippingTier = "pickup";
                shippingCents = 0;
            }
            t += 50 + rnd.nextInt(300);
            Map<String, Object> e = common("add_shipping_info");
            e.put("cart_id", cartId);
            e.put("value", money(subtotal));
            e.put("currency", visitor.market().currencyCode());
            e.put("shipping_tier", shippingTier);
            e.put("shipping", money(shippingCents));
            emit(e);
        }

        private void paymentStep() {
            navigate(Kind.PAYMENT, "/checkout/payment", null, "Payment | Fakeclicks Shop");
            paymentType = PAYMENT_TYPES[rnd.nextInt(PAYMENT_TYPES.length)];
            t += 50 + rnd.nextInt(300);
            Map<String, Object> e = common("add_payment_info");
            e.put("cart_id", cartId);
            e.put("value", money(cartValueCents()));
            e.put("currency", visitor.market().currencyCode());
            e.put("payment_type", paymentType);
            emit(e);
        }

        private void purchaseStep() {
            navigate(Kind.CONFIRMATION, "/checkout/confirmation", null, "Thank you | Fakeclicks Shop");
            long subtotal = cartValueCents();
            long discount = coupon == null ? 0 : Math.round(subtotal * coupon.percentOff() / 100.0);
            long tax = Math.round((subtotal - discount) * visitor.market().taxRate());
            long value = subtotal - discount + tax + shippingCents;
            t += 50 + rnd.nextInt(300);
            Map<String, Object> e = common("purchase");
            e.put("order_id", orderId(purchases));
            e.put("cart_id", cartId);
            e.put("items", cartItems());
            e.put("subtotal", money(subtotal));
            e.put("discount", money(discount));
            e.put("tax", money(tax));
            e.put("shipping", money(shippingCents));
            e.put("value", money(value));
            e.put("currency", visitor.market().currencyCode());
            e.put("payment_type", paymentType);
            e.put("coupon", coupon == null ? null : coupon.code());
            emit(e);
            purchases++;
            cart.clear();
            cartId = cartId(purchases);
        }

        /** The visit's cart and order after n purchases in it: unique in the stream by construction (see {@link Ids}). */
        private String cartId(int n) {
            return Ids.cartId(seed, visitor.index(), visit, n);
        }

        private String orderId(int n) {
            return Ids.orderId(seed, visitor.index(), visit, n);
        }

        private void login(Map<String, Object> returnTo) {
            Kind before = kind;
            Map<String, Object> beforePage = page;
            String beforeUrl = pageUrl;
            navigate(Kind.LOGIN, "/account/login", null, "Log in | Fakeclicks Shop");
            t += 5_000 + rnd.nextInt(20_000);
            loggedIn = true;
            Map<String, Object> e = common("login");
            e.put("method", LOGIN_METHODS[rnd.nextInt(LOGIN_METHODS.length)]);
            emit(e);
            // Back where they were.
            if (returnTo != null && before != Kind.LOGIN) {
                kind = before;
                page = beforePage;
                pageUrl = beforeUrl;
            }
        }

        private void signUp() {
            navigate(Kind.SIGN_UP, "/account/signup", null, "Create your account | Fakeclicks Shop");
            t += 15_000 + rnd.nextInt(45_000);
            hasAccount = true;
            loggedIn = true;
            Map<String, Object> e = common("sign_up");
            e.put("method", SIGN_UP_METHODS[rnd.nextInt(SIGN_UP_METHODS.length)]);
            e.put("marketing_opt_in", rnd.nextDouble() < 0.35);
            emit(e);
        }

        // --- values ---

        private Map<String, Object> utm() {
            if (rnd.nextDouble() < 0.55) {
                return null; // direct or organic
            }
            Pools.Campaign c = pools.campaign(rnd);
            Map<String, Object> m = new HashMap<>(4);
            m.put("source", c.source());
            m.put("medium", c.medium());
            m.put("campaign", c.name());
            return m;
        }

        private List<Object> cartItems() {
            List<Object> items = new ArrayList<>(cart.size());
            for (Map.Entry<Product, Integer> line : cart.entrySet()) {
                Map<String, Object> item = new HashMap<>(4);
                item.put("product_id", line.getKey().id());
                item.put("quantity", line.getValue());
                item.put("price", money(line.getKey().priceCents(currency)));
                items.add(item);
            }
            return items;
        }

        private long cartValueCents() {
            long sum = 0;
            for (Map.Entry<Product, Integer> line : cart.entrySet()) {
                sum += line.getKey().priceCents(currency) * line.getValue();
            }
            return sum;
        }

        private Map<String, Object> productStruct(Product p) {
            long key = (long) p.index() * Market.CURRENCIES.size() + currency;
            return productStructs.computeIfAbsent(key, k -> {
                Map<String, Object> m = new HashMap<>(8);
                m.put("id", p.id());
                m.put("sku", p.sku());
                m.put("name", p.name());
                m.put("category", p.category());
                m.put("brand", p.brand());
                m.put("price", money(p.priceCents(currency)));
                return java.util.Collections.unmodifiableMap(m);
            });
        }

        private Map<String, Object> common(String type) {
            Map<String, Object> e = new HashMap<>(32);
            int index = events.size();
            e.put("event_id", Ids.eventId(seed, visitor.index(), visit, index));
            e.put("event_type", type);
            e.put("schema_version", revisions.getOrDefault(type, 1));
            e.put("anonymous_id", visitor.anonymousId());
            e.put("user_id", loggedIn ? visitor.userId() : null);
            e.put("session_id", sessionId);
            e.put("session_event_index", index);
            e.put("page", page);
            e.put("utm", utm);
            e.put("device", visitor.device());
            e.put("geo", visitor.geo());
            return e;
        }

        private void emit(Map<String, Object> fields) {
            GeneratedEvent previous = events.isEmpty() ? null : events.get(events.size() - 1);
            if (previous != null && t <= previous.simTime()) {
                t = previous.simTime() + 1;
            }
            int index = events.size();
            String type = (String) fields.get("event_type");
            // The client sends events in order, shortly after they happen; a late one is held back on purpose.
            long delay = Math.min(MAX_CLIENT_DELAY_MILLIS, 20 + (long) (-StrictMath.log(1 - rnd.nextDouble()) * 250));
            boolean late = false;
            long onTime = Math.max(t + delay, lastArrival + 1);
            long arrival = onTime;
            if (lateRatio > 0 && Hashing.unit(Hashing.hash(seed, Salt.INJECT_LATE, visitor.index(), visit, index)) < lateRatio) {
                late = true;
                long lateness = 1 + (long) (Hashing.unit(Hashing.hash(seed, Salt.INJECT_LATE + 100, visitor.index(), visit, index)) * maxLatenessMillis);
                // Never before its on-time place: a late event arrives after the events of its session that precede it.
                arrival = Math.max(onTime, t + lateness);
            } else {
                lastArrival = arrival;
            }
            events.add(new GeneratedEvent(type, visitor.index(), visit, index, t, arrival, onTime, late, fields));
        }
    }

    private double lateRatio;
    private long maxLatenessMillis = 1;

    /** Late delivery is decided per event by its own hash, so turning it on changes no session. */
    public SessionGenerator withLateEvents(double ratio, long maxLateness) {
        this.lateRatio = ratio;
        this.maxLatenessMillis = maxLateness;
        return this;
    }

    private static BigDecimal money(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    /** At most {@code capacity} entries; adding one more drops the least recently used. */
    static final class LruCache<K, V> extends LinkedHashMap<K, V> {
        private final int capacity;

        LruCache(int capacity) {
            super(16, 0.75f, true);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
        }
    }

    /** For tests: how many product maps and lists are shared now. */
    int sharedProducts() {
        return productStructs.size();
    }

    int sharedLists() {
        return listEntries.size();
    }
}

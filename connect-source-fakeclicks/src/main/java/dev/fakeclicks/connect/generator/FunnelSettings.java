package dev.fakeclicks.connect.generator;

/**
 * The tunable probabilities of the session funnel. The defaults land in published e-commerce bands
 * (conversion 1-4%, cart abandonment 65-80%, single-page sessions 35-55%); see the module README.
 *
 * @param bounceRate         leave after the landing page
 * @param exitRate           leave after any later browsing page
 * @param addToCartRate      add the product to the cart, per product page view
 * @param checkoutRate       start checkout, per cart page view
 * @param cartRemovalRate    remove a line, per cart page view
 * @param checkoutStepRate   go on to the next checkout step (shipping, payment, order), per step
 */
public record FunnelSettings(double bounceRate, double exitRate, double addToCartRate, double checkoutRate,
                             double cartRemovalRate, double checkoutStepRate) {

    public static final FunnelSettings DEFAULTS = new FunnelSettings(0.45, 0.22, 0.12, 0.62, 0.16, 0.88);

    public FunnelSettings {
        check("bounceRate", bounceRate);
        check("exitRate", exitRate);
        check("addToCartRate", addToCartRate);
        check("checkoutRate", checkoutRate);
        check("cartRemovalRate", cartRemovalRate);
        check("checkoutStepRate", checkoutStepRate);
        if (checkoutRate + cartRemovalRate > 1.0) {
            throw new IllegalArgumentException("checkoutRate + cartRemovalRate must be at most 1");
        }
    }

    private static void check(String name, double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException(name + " must be a probability in [0, 1], got " + p);
        }
    }
}

package dev.fakeclicks.connect.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Ids downstream joins rely on: an order id names one order, and a cart is bought once. A session can buy
 * twice (keep shopping after the confirmation page), which is rare, so this walks many sessions.
 */
class OrderAndCartIdsTest {

    private static final int SESSIONS = 120_000;
    private static final Set<String> CART_TYPES = Set.of("add_to_cart", "remove_from_cart", "cart_view", "checkout_start",
            "add_shipping_info", "add_payment_info", "purchase");

    @Test
    void orderIdsAreUniqueAndAPurchasedCartIsNeverUsedAgain() {
        ClickStream stream = TestStreams.stream(TestStreams.settings(42).withEnabledTypes(CART_TYPES), 0, 1, ClickStream.Resume.START);
        Set<String> orderIds = new HashSet<>();
        Set<String> purchasedCarts = new HashSet<>();
        Map<String, Integer> purchasesPerSession = new HashMap<>();
        int purchases = 0;
        int cartEventsAfterAPurchase = 0;
        StreamItem item;
        while (stream.sessionsStarted() < SESSIONS && (item = stream.next()) != null) {
            GeneratedEvent e = item.event();
            String cartId = (String) e.fields().get("cart_id");
            assertThat(purchasedCarts.contains(cartId)).as("%s of session %s uses cart %s, which was already bought",
                    e.type(), e.sessionId(), cartId).isFalse();
            if (purchasesPerSession.containsKey(e.sessionId())) {
                cartEventsAfterAPurchase++;
            }
            if (e.type().equals("purchase")) {
                purchases++;
                assertThat(orderIds.add((String) e.fields().get("order_id"))).as("order_id %s is unique", e.fields().get("order_id"))
                        .isTrue();
                purchasedCarts.add(cartId);
                purchasesPerSession.merge(e.sessionId(), 1, Integer::sum);
            }
        }
        assertThat(purchases).isGreaterThan(1_000);
        assertThat(purchasesPerSession.values()).as("sessions that buy twice exist, so the check means something").contains(2);
        assertThat(cartEventsAfterAPurchase).isPositive();
    }
}

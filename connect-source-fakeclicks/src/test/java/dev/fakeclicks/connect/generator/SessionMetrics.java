package dev.fakeclicks.connect.generator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** E-commerce metrics over generated sessions, defined as analysts define them. */
record SessionMetrics(int sessions, double conversion, double cartAbandonment, double singlePage,
                      double top20ProductViewShare) {

    static SessionMetrics of(List<GeneratedSession> sessions, int productCount) {
        int purchases = 0;
        int withCart = 0;
        int cartsAbandoned = 0;
        int singlePage = 0;
        Map<String, Integer> views = new HashMap<>();
        for (GeneratedSession s : sessions) {
            boolean cart = false;
            boolean purchase = false;
            int pageViews = 0;
            for (GeneratedEvent e : s.events()) {
                switch (e.type()) {
                    case "add_to_cart" -> cart = true;
                    case "purchase" -> purchase = true;
                    case "page_view" -> pageViews++;
                    case "product_view" -> {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> product = (Map<String, Object>) e.fields().get("product");
                        views.merge((String) product.get("id"), 1, Integer::sum);
                    }
                    default -> {
                    }
                }
            }
            purchases += purchase ? 1 : 0;
            withCart += cart ? 1 : 0;
            cartsAbandoned += cart && !purchase ? 1 : 0;
            singlePage += pageViews == 1 ? 1 : 0;
        }
        int[] counts = views.values().stream().mapToInt(Integer::intValue).sorted().toArray();
        long total = 0;
        long top = 0;
        int topN = Math.max(1, productCount / 5);
        for (int i = 0; i < counts.length; i++) {
            total += counts[i];
            if (i >= counts.length - topN) {
                top += counts[i];
            }
        }
        int n = sessions.size();
        return new SessionMetrics(n, (double) purchases / n, withCart == 0 ? 0 : (double) cartsAbandoned / withCart,
                (double) singlePage / n, total == 0 ? 0 : (double) top / total);
    }
}

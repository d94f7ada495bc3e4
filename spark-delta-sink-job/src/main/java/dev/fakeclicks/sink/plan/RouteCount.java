package dev.fakeclicks.sink.plan;

/** How many records of a batch go to {@code route} (a type table), or to quarantine for {@code reason}. */
public record RouteCount(String route, String reason, long count) {

    public RouteCount {
        if ((route == null) == (reason == null)) {
            throw new IllegalArgumentException("exactly one of route and reason must be set: " + route + " / " + reason);
        }
    }
}

package dev.fakeclicks.connect.generator;

/**
 * A point in a task's stream: the key of an item. Items are totally ordered by (arrival, user, visit,
 * index, variant); a duplicate or bad record (variant 1, 2) directly follows the event it derives from.
 */
public record StreamCursor(long arrival, int user, long visit, int index, int variant) implements Comparable<StreamCursor> {

    @Override
    public int compareTo(StreamCursor o) {
        int c = Long.compare(arrival, o.arrival);
        if (c == 0) {
            c = Integer.compare(user, o.user);
        }
        if (c == 0) {
            c = Long.compare(visit, o.visit);
        }
        if (c == 0) {
            c = Integer.compare(index, o.index);
        }
        if (c == 0) {
            c = Integer.compare(variant, o.variant);
        }
        return c;
    }

    boolean sameEvent(StreamItem item) {
        return user == item.event().user() && visit == item.event().visit() && index == item.event().index();
    }
}

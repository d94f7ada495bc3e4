package dev.fakeclicks.connect.generator;

/**
 * What the stream delivers: an event, a duplicate of it, or a bad record derived from it.
 *
 * @param badKind  for {@link Variant#BAD}, which kind of bad record
 * @param badSeed  for {@link Variant#BAD}, the random choices of how to break it
 */
public record StreamItem(GeneratedEvent event, long arrival, Variant variant, BadRecordKind badKind, long badSeed)
        implements Comparable<StreamItem> {

    public enum Variant {
        EVENT, DUPLICATE, BAD
    }

    public StreamCursor key() {
        return new StreamCursor(arrival, event.user(), event.visit(), event.index(), variant.ordinal());
    }

    @Override
    public int compareTo(StreamItem o) {
        int c = Long.compare(arrival, o.arrival);
        if (c == 0) {
            c = Integer.compare(event.user(), o.event.user());
        }
        if (c == 0) {
            c = Long.compare(event.visit(), o.event.visit());
        }
        if (c == 0) {
            c = Integer.compare(event.index(), o.event.index());
        }
        if (c == 0) {
            c = Integer.compare(variant.ordinal(), o.variant.ordinal());
        }
        return c;
    }

    int compareTo(StreamCursor cursor) {
        return -cursor.compareTo(key());
    }
}

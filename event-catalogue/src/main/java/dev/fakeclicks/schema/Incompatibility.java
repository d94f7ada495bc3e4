package dev.fakeclicks.schema;

/** One reason a candidate schema is refused; {@code path} is the dotted field path, e.g. {@code page.title}. */
public record Incompatibility(String path, String reason) {

    @Override
    public String toString() {
        return path + ": " + reason;
    }
}

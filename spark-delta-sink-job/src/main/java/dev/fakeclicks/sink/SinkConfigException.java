package dev.fakeclicks.sink;

import java.util.List;

/** The environment does not describe a runnable job; the message lists every problem, one per line. */
public class SinkConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public SinkConfigException(List<String> problems) {
        super("invalid configuration (" + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + "):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

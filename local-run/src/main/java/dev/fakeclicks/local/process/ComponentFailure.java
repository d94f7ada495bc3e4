package dev.fakeclicks.local.process;

import java.nio.file.Path;

/** A component did not start or stopped working; the message names it and where its log is. */
public class ComponentFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ComponentFailure(String component, String problem, Path log) {
        super(component + " " + problem + (log == null ? "" : "; see its log: " + log));
    }
}

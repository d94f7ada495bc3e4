package dev.fakeclicks.connect;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The plugin version, written into a resource by the build. */
public final class Version {

    public static final String VERSION = load();

    private Version() {
    }

    private static String load() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }
}

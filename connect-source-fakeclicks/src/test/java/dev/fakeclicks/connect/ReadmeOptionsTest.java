package dev.fakeclicks.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/** The top-level README's options table is generated from the ConfigDef; this fails when they drift apart. */
class ReadmeOptionsTest {

    static final String START = "<!-- options:start (generated from FakeClicksConfig by ReadmeOptionsTest; do not edit) -->";
    static final String END = "<!-- options:end -->";

    static String table() {
        StringBuilder out = new StringBuilder();
        out.append("| Option | Type | Default | Description |\n|---|---|---|---|\n");
        List<ConfigDef.ConfigKey> keys = FakeClicksConfig.CONFIG_DEF.configKeys().values().stream()
                .filter(k -> !k.internalConfig).toList();
        for (ConfigDef.ConfigKey key : keys) {
            String def = key.defaultValue == null ? "(unset)" : ConfigDef.convertToString(key.defaultValue, key.type);
            def = def.isEmpty() ? "(empty)" : def;
            String valid = key.validator == null || key.validator.toString().contains("$$Lambda") || key.validator.toString().contains("Lambda")
                    ? "" : " Valid: " + key.validator + ".";
            out.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase())
                    .append(" | `").append(def.replace("|", "\\|")).append("` | ")
                    .append((key.documentation + valid).replace("|", "\\|")).append(" |\n");
        }
        return out.toString();
    }

    @Test
    void readmeListsEveryOptionAsTheConfigDefDefinesIt() throws Exception {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        assertThat(start).as("README has the options markers").isNotNegative();
        assertThat(end).isGreaterThan(start);
        String actual = text.substring(start + START.length(), end).strip();
        assertThat(actual).as("README options table; regenerate it with:\n" + table()).isEqualTo(table().strip());
    }
}

package dev.fakeclicks.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fakeclicks.sink.plan.QuarantineReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The READMEs' tables are the code's: every variable with its default (the configuration reference in the
 * top-level README), every quarantine reason (this module's README).
 */
class ReadmeTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([A-Z0-9_]+)` \\| ([^|]*) \\|.*$", Pattern.MULTILINE);

    @Test
    void theEnvironmentTableListsEverySettingWithItsDefault() throws Exception {
        String readme = between(Files.readString(Path.of("..", "README.md")), "<!-- sink-env:start", "<!-- sink-env:end -->");
        List<String> documented = new ArrayList<>();
        Matcher m = ROW.matcher(readme);
        while (m.find()) {
            documented.add(m.group(1));
            SinkConfig.Setting setting = SinkConfig.SETTINGS.stream().filter(s -> s.name().equals(m.group(1))).findFirst()
                    .orElseThrow(() -> new AssertionError("README documents " + m.group(1) + ", which SinkConfig does not read"));
            String expectedDefault = setting.defaultValue() == null ? "" : "`" + setting.defaultValue() + "`";
            assertThat(m.group(2).trim()).as("default of " + setting.name()).isEqualTo(expectedDefault);
        }
        assertThat(documented).containsExactlyElementsOf(SinkConfig.SETTINGS.stream().map(SinkConfig.Setting::name).toList());
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        assertThat(from).as("README has the marker " + start).isNotNegative();
        assertThat(to).as("README has the marker " + end).isGreaterThan(from);
        return text.substring(from, to);
    }

    @Test
    void everyQuarantineReasonIsExplained() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (QuarantineReason reason : QuarantineReason.values()) {
            assertThat(readme).contains("| `" + reason.code() + "` |");
        }
    }
}

package dev.fakeclicks.local.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fakeclicks.local.connect.ConnectRest.ConnectorConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which earlier stream a run in the same work directory can continue. */
class ConnectorConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ConnectorConfig bounded(int perType) {
        ObjectNode config = JSON.createObjectNode().put("events.per.type", Integer.toString(perType)).put("random.seed", "42");
        return new ConnectorConfig("fakeclicks", config);
    }

    @Test
    void aConfigThatCannotBeReadIsNamedWithTheReason(@TempDir Path tmp) {
        assertThatThrownBy(() -> ConnectorConfig.read(tmp)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot read connector config " + tmp + ": Is a directory");
        Path missing = tmp.resolve("missing.json");
        assertThatThrownBy(() -> ConnectorConfig.read(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot read connector config " + missing + ": no such file or directory");
    }

    @Test
    void aBoundedRunCannotContinueAnUnboundedStream() {
        ConnectorConfig live = bounded(10).with(Map.of("events.per.type", "0", "events.per.second", "200"));
        assertThat(bounded(10).cannotContinue(live.config())).hasValueSatisfying(why ->
                assertThat(why).contains("ran unbounded").contains("--clean"));
        // Stored configs without the option are unbounded too (0 is the connector's default).
        assertThat(bounded(10).cannotContinue(JSON.createObjectNode())).isPresent();
    }

    @Test
    void otherRunsContinue() {
        ConnectorConfig live = bounded(10).with(Map.of("events.per.type", "0"));
        assertThat(bounded(10).cannotContinue(bounded(10).config())).isEmpty();
        assertThat(bounded(20).cannotContinue(bounded(10).config())).as("more per type: the bounded stream goes on").isEmpty();
        assertThat(live.cannotContinue(bounded(10).config())).as("live after bounded: the stream goes on").isEmpty();
        assertThat(live.cannotContinue(live.config())).isEmpty();
    }
}

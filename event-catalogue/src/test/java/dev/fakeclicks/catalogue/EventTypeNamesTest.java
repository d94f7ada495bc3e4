package dev.fakeclicks.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventTypeNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "page_view", "add_to_cart", "x1", "a_b_c_9"})
    void acceptsLowercaseNames(String name) {
        assertThat(EventTypeNames.isValid(name)).isTrue();
        assertThat(EventTypeNames.requireValid(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../x", "Page View", "page view", "PageView", "1page", "_page", "page-view",
            "page.view", "page/view", "päge"})
    void rejectsAnythingElseWithTheRule(String name) {
        assertThat(EventTypeNames.isValid(name)).isFalse();
        assertThatThrownBy(() -> EventTypeNames.requireValid(name))
                .isInstanceOf(InvalidEventTypeException.class)
                .hasMessageContaining("invalid event type name \"" + name + "\"")
                .hasMessageContaining("a lowercase letter first")
                .hasMessageContaining("[a-z][a-z0-9_]{0,63}");
    }

    @Test
    void limitsLengthTo64() {
        assertThat(EventTypeNames.isValid("a".repeat(64))).isTrue();
        assertThat(EventTypeNames.isValid("a".repeat(65))).isFalse();
    }

    @Test
    void nullAndControlCharactersGiveReadableMessages() {
        assertThat(EventTypeNames.problem(null)).contains(
                "invalid event type name (none): use " + EventTypeNames.RULE + " (pattern [a-z][a-z0-9_]{0,63})");
        assertThat(EventTypeNames.problem("a\nb").orElseThrow()).contains("\"a\\u000ab\"").doesNotContain("\n");
    }
}

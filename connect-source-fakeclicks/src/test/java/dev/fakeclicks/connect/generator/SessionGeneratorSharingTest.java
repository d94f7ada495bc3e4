package dev.fakeclicks.connect.generator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionGeneratorSharingTest {

    @Test
    void sharedProductMapsAndListsStayBoundedAndEvictingThemChangesNoEvent() {
        GeneratorSettings settings = TestStreams.settings(42);
        Pools pools = TestStreams.pools(42);
        // 1,000 products in 6 currencies fit the default bounds: this one never evicts.
        SessionGenerator roomy = new SessionGenerator(42, pools, settings.funnel(), TestStreams.REVISIONS);
        SessionGenerator tight = new SessionGenerator(42, pools, settings.funnel(), TestStreams.REVISIONS, 50, 5);
        for (int user = 0; user < 2_000; user++) {
            for (long visit = 0; visit < 2; visit++) {
                long start = visit * 86_400_000L + user * 1_000L;
                assertThat(tight.generate(user, visit, start)).as("user %d visit %d", user, visit)
                        .isEqualTo(roomy.generate(user, visit, start));
            }
        }
        assertThat(roomy.sharedProducts()).as("the sessions showed more than the tight bound").isGreaterThan(500);
        assertThat(roomy.sharedLists()).isGreaterThan(50);
        assertThat(tight.sharedProducts()).isEqualTo(50);
        assertThat(tight.sharedLists()).isEqualTo(5);
    }
}

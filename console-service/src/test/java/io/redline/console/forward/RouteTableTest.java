package io.redline.console.forward;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The route table's prefixes, including issue 22's dyads, spikes and brief, and its prefix boundaries. */
class RouteTableTest {

    @Test
    void dyadsAndSpikesGoToSearchAndTheBriefToAlert() {
        assertThat(RouteTable.route("/api/dyads/RUS/UKR")).contains(Service.SEARCH);
        assertThat(RouteTable.route("/api/dyads/RUS/all")).contains(Service.SEARCH);
        assertThat(RouteTable.route("/api/spikes")).contains(Service.SEARCH);
        assertThat(RouteTable.route("/api/brief")).contains(Service.ALERT);
        assertThat(RouteTable.route("/api/subscriptions/abc/brief")).contains(Service.ALERT);
        assertThat(RouteTable.route("/api/subscriptions/abc/brief/send")).contains(Service.ALERT);
    }

    @Test
    void aPrefixMatchesOnlyWholePathSegments() {
        assertThat(RouteTable.route("/api/dyadsX")).isEmpty();
        assertThat(RouteTable.route("/api/briefing")).isEmpty();
        assertThat(RouteTable.route("/api/spikes2")).isEmpty();
        assertThat(RouteTable.route("/api/timeline")).contains(Service.SEARCH);
        assertThat(RouteTable.route("/api/feeds/x")).contains(Service.INGEST);
        assertThat(RouteTable.route("/api/unknown")).isEmpty();
    }
}

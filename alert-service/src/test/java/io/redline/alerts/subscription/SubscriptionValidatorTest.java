package io.redline.alerts.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redline.alerts.subscription.Subscription.Channel;
import io.redline.alerts.subscription.Subscription.ChannelType;
import io.redline.alerts.subscription.Subscription.Mode;
import io.redline.alerts.subscription.Subscription.WebhookSecret;
import io.redline.alerts.subscription.SubscriptionRequest.ChannelRequest;
import io.redline.alerts.subscription.SubscriptionRequest.QuietHoursRequest;
import io.redline.contracts.EscalationLevel;
import io.redline.contracts.SignalType;
import io.redline.query.InvalidParameterException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractObjectAssert;
import org.junit.jupiter.api.Test;

/** Every refusal names the body field; valid requests come out normalised, channel ids survive an update. */
class SubscriptionValidatorTest {

    private final SubscriptionValidator validator = new SubscriptionValidator(false);

    private static ChannelRequest webhook(String url) {
        return new ChannelRequest(null, "webhook", url, null, null);
    }

    private static SubscriptionRequest request(
            String query, Map<String, List<String>> filters, List<ChannelRequest> channels) {
        return new SubscriptionRequest(
                "Strikes on ports", query, filters, null, null, null, null, null, null, null, channels, null);
    }

    private static SubscriptionRequest withQuery(String query) {
        return request(query, Map.of(), List.of(webhook("https://hooks.example.org/redline")));
    }

    private AbstractObjectAssert<?, ?> refusal(SubscriptionRequest r) {
        return assertThatThrownBy(() -> validator.validate("sub_x", r, null))
                .isInstanceOf(InvalidParameterException.class)
                .extracting("parameter");
    }

    @Test
    void validRequestIsNormalised() {
        SubscriptionRequest r = new SubscriptionRequest(
                "  Ports  ",
                " missile OR drone ",
                Map.of("level", List.of("high", "critical"), "actor", List.of("rus")),
                "elevated",
                40,
                List.of("strike", "STRIKE", "red-line"),
                List.of("rus", " nato "),
                "digest-daily",
                "Europe/Berlin",
                new QuietHoursRequest("22:00", "07:00"),
                List.of(
                        webhook("https://hooks.example.org/x"),
                        new ChannelRequest(null, "EMAIL", null, List.of("ops@example.org", "ops@example.org"), false)),
                null);
        Subscription s = validator.validate("sub_x", r, null);
        assertThat(s.name()).isEqualTo("Ports");
        assertThat(s.query()).isEqualTo("missile OR drone");
        assertThat(s.minLevel()).isEqualTo(EscalationLevel.ELEVATED);
        assertThat(s.signals()).containsExactly(SignalType.STRIKE, SignalType.RED_LINE);
        assertThat(s.actors()).containsExactly("RUS", "NATO");
        assertThat(s.mode()).isEqualTo(Mode.DIGEST_DAILY);
        assertThat(s.timeZone()).isEqualTo("Europe/Berlin");
        assertThat(s.enabled()).isTrue();
        assertThat(s.channels()).hasSize(2);
        assertThat(s.channels().get(0).id()).matches("ch_[A-Za-z0-9_-]{8}");
        assertThat(s.channels().get(1).type()).isEqualTo(ChannelType.EMAIL);
        assertThat(s.channels().get(1).to()).containsExactly("ops@example.org");
        assertThat(s.channels().get(1).enabled()).isFalse();
        // 22:00-07:00 Berlin spans midnight; 21:30 UTC in November is 22:30 there.
        assertThat(s.quietAt(Instant.parse("2026-11-27T21:30:00Z"))).isTrue();
        assertThat(s.quietAt(Instant.parse("2026-11-27T12:00:00Z"))).isFalse();
    }

    @Test
    void queryAndFiltersAreRefusedAsTheSearchApiRefusesThem() {
        // The grammar never fails on syntax, only on size and nesting; a q without a word would never match.
        refusal(withQuery("(".repeat(9) + "missile" + ")".repeat(9))).isEqualTo("query");
        refusal(withQuery("a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg hh"))
                .isEqualTo("query");
        refusal(withQuery("!!! ---")).isEqualTo("query");
        refusal(withQuery("x".repeat(501))).isEqualTo("query");
        List<ChannelRequest> ch = List.of(webhook("https://hooks.example.org/x"));
        refusal(request(null, Map.of("level", List.of("HUGE")), ch)).isEqualTo("filters.level");
        refusal(request(null, Map.of("signal", List.of("PARADE")), ch)).isEqualTo("filters.signal");
        refusal(request(null, Map.of("sort", List.of("newest")), ch)).isEqualTo("filters.sort");
        refusal(request(null, Map.of("from", List.of("yesterday")), ch)).isEqualTo("filters.from");
        refusal(request(null, Map.of("minScore", List.of("101")), ch)).isEqualTo("filters.minScore");
        refusal(request(null, Map.of("source", Collections.nCopies(101, "a.example")), ch))
                .isEqualTo("filters.source");
        refusal(request(null, Map.of("source", List.of("a".repeat(101))), ch)).isEqualTo("filters.source");
    }

    @Test
    void ownFieldsAreChecked() {
        List<ChannelRequest> ch = List.of(webhook("https://hooks.example.org/x"));
        refusal(new SubscriptionRequest(null, null, null, null, null, null, null, null, null, null, ch, null))
                .isEqualTo("name");
        refusal(new SubscriptionRequest(
                        "n".repeat(201), null, null, null, null, null, null, null, null, null, ch, null))
                .isEqualTo("name");
        refusal(new SubscriptionRequest("n", null, null, "SEVERE", null, null, null, null, null, null, ch, null))
                .isEqualTo("minLevel");
        refusal(new SubscriptionRequest("n", null, null, null, 101, null, null, null, null, null, ch, null))
                .isEqualTo("minScore");
        refusal(new SubscriptionRequest(
                        "n", null, null, null, null, List.of("PARADE"), null, null, null, null, ch, null))
                .isEqualTo("signals");
        refusal(new SubscriptionRequest(
                        "n", null, null, null, null, null, Collections.nCopies(101, "RUS"), null, null, null, ch, null))
                .isEqualTo("actors");
        refusal(new SubscriptionRequest("n", null, null, null, null, null, null, "weekly", null, null, ch, null))
                .isEqualTo("mode");
        refusal(new SubscriptionRequest("n", null, null, null, null, null, null, null, "Mars/Olympus", null, ch, null))
                .isEqualTo("timeZone");
        refusal(new SubscriptionRequest("n", null, null, null, null, null, null, null, "+02:00", null, ch, null))
                .isEqualTo("timeZone");
        refusal(new SubscriptionRequest(
                        "n",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        new QuietHoursRequest("25:00", "07:00"),
                        ch,
                        null))
                .isEqualTo("quietHours.start");
        refusal(new SubscriptionRequest(
                        "n",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        new QuietHoursRequest("07:00", "07:00"),
                        ch,
                        null))
                .isEqualTo("quietHours.end");
    }

    @Test
    void channelsAreRequiredBoundedAndChecked() {
        refusal(request(null, null, null)).isEqualTo("channels");
        refusal(request(null, null, List.of())).isEqualTo("channels");
        // Past the structural ceiling (50): 400. The per-owner quota below it (10 by default) answers 422 (quota).
        List<ChannelRequest> tooMany = new ArrayList<>();
        for (int i = 0; i <= SubscriptionValidator.MAX_CHANNELS; i++) {
            tooMany.add(webhook("https://hooks.example.org/" + i));
        }
        refusal(request(null, null, tooMany)).isEqualTo("channels");
        refusal(request(null, null, List.of(new ChannelRequest(null, "pager", "https://x.example", null, null))))
                .isEqualTo("channels[0].type");
        refusal(request(null, null, List.of(webhook("https://ok.example/"), webhook(null))))
                .isEqualTo("channels[1].url");
        for (String bad : List.of(
                "http://hooks.example.org/x",
                "ftp://hooks.example.org/x",
                "/relative/path",
                "https://user:pw@hooks.example.org/x",
                "https://hooks.example.org/x y",
                "mailto:ops@example.org",
                "https://hooks.example.org/" + "a".repeat(2048),
                "http://127.0.0.1:8080/hook")) {
            refusal(request(null, null, List.of(webhook(bad)))).as(bad).isEqualTo("channels[0].url");
        }
        for (String bad : List.of(
                "ops",
                "ops@",
                "@example.org",
                "ops@example",
                "ops..x@example.org",
                "ops@exa mple.org",
                "\"quoted\"@example.org",
                "ops@[127.0.0.1]")) {
            refusal(request(null, null, List.of(new ChannelRequest(null, "email", null, List.of(bad), null))))
                    .as(bad)
                    .isEqualTo("channels[0].to");
        }
        refusal(request(null, null, List.of(new ChannelRequest(null, "email", null, List.of(), null))))
                .isEqualTo("channels[0].to");
        refusal(request(
                        null,
                        null,
                        List.of(new ChannelRequest(
                                null,
                                "email",
                                null,
                                Collections.nCopies(SubscriptionValidator.MAX_ADDRESSES + 1, "a@example.org"),
                                null))))
                .isEqualTo("channels[0].to");
    }

    @Test
    void httpIsAllowedOnlyForLoopbackAndOnlyWhenConfigured() {
        SubscriptionValidator demo = new SubscriptionValidator(true);
        assertThat(demo.url("u", "http://127.0.0.1:8080/hook")).isEqualTo("http://127.0.0.1:8080/hook");
        assertThat(demo.url("u", "http://localhost/hook")).isEqualTo("http://localhost/hook");
        assertThat(demo.url("u", "http://[::1]:9/hook")).isEqualTo("http://[::1]:9/hook");
        assertThatThrownBy(() -> demo.url("u", "http://hooks.example.org/x"))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> validator.url("u", "http://localhost/hook"))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void httpReachesAHostNamedOnTheAllowlistOnlyWhenHttpIsAllowed() {
        List<String> allow = List.of("receiver", "10.8.0.0/16", "192.168.1.7");
        SubscriptionValidator composeDemo = new SubscriptionValidator(true, allow);
        assertThat(composeDemo.url("u", "http://receiver:9999/hook")).isEqualTo("http://receiver:9999/hook");
        assertThat(composeDemo.url("u", "http://RECEIVER/hook")).isEqualTo("http://RECEIVER/hook");
        // Addresses and CIDRs open the SSRF guard only: plain http to them stays refused.
        assertThatThrownBy(() -> composeDemo.url("u", "http://192.168.1.7/hook"))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> composeDemo.url("u", "http://other:9999/hook"))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> new SubscriptionValidator(false, allow).url("u", "http://receiver:9999/hook"))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void unchangedChannelsKeepTheirIdsAndDisabledState() {
        Subscription old = validator.validate(
                "sub_x",
                request(
                        null,
                        null,
                        List.of(
                                webhook("https://a.example/h"),
                                new ChannelRequest(
                                        null, "slack", "https://hooks.slack.com/services/T/B/x", null, null))),
                null);
        Channel slack = old.channels().get(1);
        Channel disabledSlack = new Channel(slack.id(), slack.type(), slack.url(), slack.to(), false, "410 Gone");
        old = new Subscription(
                old.id(),
                old.name(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(old.channels().get(0), disabledSlack),
                List.of(),
                null,
                null,
                true);
        // Reordered, one unchanged without id, one edited by id, one new.
        Subscription updated = validator.validate(
                "sub_x",
                request(
                        null,
                        null,
                        List.of(
                                new ChannelRequest(null, "slack", "https://hooks.slack.com/services/T/B/x", null, null),
                                new ChannelRequest(
                                        old.channels().get(0).id(), "webhook", "https://b.example/h", null, null),
                                new ChannelRequest(
                                        null, "teams", "https://prod.westeurope.logic.azure.com/wf", null, null))),
                old);
        assertThat(updated.channels().get(0).id()).isEqualTo(slack.id());
        assertThat(updated.channels().get(0).enabled()).isFalse();
        assertThat(updated.channels().get(0).disabledReason()).isEqualTo("410 Gone");
        assertThat(updated.channels().get(1).id())
                .isEqualTo(old.channels().get(0).id());
        assertThat(updated.channels().get(1).url()).isEqualTo("https://b.example/h");
        assertThat(updated.channels().get(2).id())
                .isNotIn(slack.id(), old.channels().get(0).id());
        // Enabling explicitly clears the reason; an unknown id is refused.
        Subscription reenabled = validator.validate(
                "sub_x",
                request(
                        null,
                        null,
                        List.of(new ChannelRequest(
                                null, "slack", "https://hooks.slack.com/services/T/B/x", null, true))),
                old);
        assertThat(reenabled.channels().get(0).enabled()).isTrue();
        assertThat(reenabled.channels().get(0).disabledReason()).isNull();
        Subscription before = old;
        assertThatThrownBy(() -> validator.validate(
                        "sub_x",
                        request(
                                null,
                                null,
                                List.of(new ChannelRequest(
                                        "ch_unknown", "webhook", "https://a.example/h", null, null))),
                        before))
                .isInstanceOf(InvalidParameterException.class)
                .extracting("parameter")
                .isEqualTo("channels[0].id");
    }

    @Test
    void idsAndSecretsHaveTheDocumentedForm() {
        assertThat(SubscriptionValidator.newId("sub_", 12)).matches("sub_[A-Za-z0-9_-]{16}");
        String secret = SubscriptionValidator.newWebhookSecret();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        assertThat(new WebhookSecret(secret, Instant.EPOCH, null).toString()).doesNotContain(secret);
    }

    @Test
    void activeSecretsAreTheCurrentAndTheUnexpiredPrevious() {
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        Subscription s = new Subscription(
                "sub_x",
                "n",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(),
                List.of(
                        new WebhookSecret("whsec_new", now, null),
                        new WebhookSecret("whsec_old", now.minusSeconds(3600), now.plusSeconds(60))),
                now,
                now,
                true);
        assertThat(s.activeWebhookSecrets(now)).containsExactly("whsec_new", "whsec_old");
        assertThat(s.activeWebhookSecrets(now.plusSeconds(61))).containsExactly("whsec_new");
    }
}

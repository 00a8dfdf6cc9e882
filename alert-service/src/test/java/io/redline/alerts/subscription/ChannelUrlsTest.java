package io.redline.alerts.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Masked channel URLs keep what tells channels apart and nothing of their token. */
class ChannelUrlsTest {

    @Test
    void keepsSchemeHostFirstSegmentAndLastFourCharacters() {
        assertThat(ChannelUrls.mask("https://hooks.slack.com/services/T0AAA/B0BBB/XXXXXXXXXXXXXXXXXXXXAb12"))
                .isEqualTo("https://hooks.slack.com/services/...Ab12");
        assertThat(ChannelUrls.mask("https://prod-07.westeurope.logic.azure.com:443/workflows/abc/triggers/manual"
                        + "/paths/invoke?api-version=2016-06-01&sig=SECRETSECRETZz98"))
                .isEqualTo("https://prod-07.westeurope.logic.azure.com:443/workflows/...Zz98");
        assertThat(ChannelUrls.mask("http://127.0.0.1:9999/hook")).isEqualTo("http://127.0.0.1:9999/...hook");
        assertThat(ChannelUrls.mask(null)).isNull();
        assertThat(ChannelUrls.mask("not a url at all, with spaces and 1234")).isEqualTo("...1234");
    }

    @Test
    void recognisesItsOwnOutputOnly() {
        String url = "https://hooks.slack.com/services/T0AAA/B0BBB/XXXXXXXXXXXXXXXXXXXXAb12";
        assertThat(ChannelUrls.looksMasked(ChannelUrls.mask(url))).isTrue();
        assertThat(ChannelUrls.looksMasked("https://hooks.example.org/...")).isTrue();
        assertThat(ChannelUrls.looksMasked(url)).isFalse();
        assertThat(ChannelUrls.looksMasked("https://hooks.example.org/a/b")).isFalse();
        assertThat(ChannelUrls.looksMasked(null)).isFalse();
    }
}

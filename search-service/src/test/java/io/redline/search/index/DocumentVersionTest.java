package io.redline.search.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.redline.localstack.fixtures.ArticleSpec;
import org.junit.jupiter.api.Test;

class DocumentVersionTest {

    @Test
    void revisionOutranksAnalyzerVersionWhichOutranksNothing() {
        ArticleSpec s = new ArticleSpec();
        long rev1 = DocumentVersion.of(s.build());
        s.revision = 2;
        long rev2 = DocumentVersion.of(s.build());
        assertThat(rev2).isGreaterThan(rev1);
        assertThat(DocumentVersion.analyzerRank("rules-0.10.0"))
                .isGreaterThan(DocumentVersion.analyzerRank("rules-0.9.7"));
        assertThat(DocumentVersion.analyzerRank("rules-1.0.0"))
                .isGreaterThan(DocumentVersion.analyzerRank("rules-0.99.99"));
        assertThat(DocumentVersion.analyzerRank("test")).isZero();
        assertThat(DocumentVersion.analyzerRank(null)).isZero();
        assertThat(DocumentVersion.analyzerRank("rules-999999.0.0")).isEqualTo(999_000_000L);
    }
}

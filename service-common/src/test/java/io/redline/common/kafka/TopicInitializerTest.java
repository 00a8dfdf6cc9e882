package io.redline.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.redline.contracts.Topic;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicInitializerTest {

    @Test
    void rawTopicIsCompactedAndKeptForever() {
        NewTopic raw = TopicInitializer.newTopic(Topic.ARTICLES_RAW, (short) 1);
        assertThat(raw.name()).isEqualTo("redline.articles.raw");
        assertThat(raw.numPartitions()).isEqualTo(6);
        assertThat(raw.configs()).containsEntry("cleanup.policy", "compact").containsEntry("retention.ms", "-1");
    }

    @Test
    void replicatedTopicsNeedTwoInSyncCopies() {
        NewTopic analyzed = TopicInitializer.newTopic(Topic.ARTICLES_ANALYZED, (short) 3);
        assertThat(analyzed.replicationFactor()).isEqualTo((short) 3);
        assertThat(analyzed.configs())
                .containsEntry("min.insync.replicas", "2")
                .containsEntry("cleanup.policy", "delete");
    }
}

package io.redline.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redline.localstack.LocalStackTestResource;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two instances' tables on one compacted topic of the real broker: writes, tombstones, loading, listeners, bad records. */
class CompactedTableTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** A value with the types the services store: text, an instant and a duration. */
    record Desk(String name, Instant since, Duration shift) {}

    private static String bootstrap;
    private String topic;
    private final List<CompactedTable<?>> opened = new ArrayList<>();

    @BeforeAll
    static void broker() {
        LocalStackTestResource stack = new LocalStackTestResource();
        stack.init(Map.of("elasticsearch", "false"));
        bootstrap = stack.start().get("kafka.bootstrap.servers");
    }

    @BeforeEach
    void newTopic() throws Exception {
        topic = "redline.test.table-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void closeTables() {
        opened.forEach(CompactedTable::close);
    }

    private CompactedTable<Desk> table(String name) {
        CompactedTable<Desk> t = new CompactedTable<>(
                topic, Desk.class, "Desk", Map.of("bootstrap.servers", bootstrap), name + "-" + UUID.randomUUID());
        opened.add(t);
        return t;
    }

    private static Desk desk(String name) {
        return new Desk(name, Instant.parse("2026-03-01T06:00:00Z"), Duration.ofHours(8));
    }

    private void sendRaw(String key, String value) throws Exception {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aWriteIsReadHereAtOnceAndByAnotherInstanceOnceItCatchesUp() throws Exception {
        CompactedTable<Desk> here = table("here");
        here.start();
        assertThat(here.awaitLoaded(WAIT)).isTrue();
        here.put("europe", desk("Europe desk"));
        assertThat(here.get("europe")).isEqualTo(desk("Europe desk"));

        CompactedTable<Desk> there = table("there");
        there.start();
        assertThat(there.awaitCaughtUp(WAIT)).isTrue();
        assertThat(there.get("europe")).isEqualTo(desk("Europe desk"));
        assertThat(there.size()).isOne();

        here.delete("europe");
        assertThat(here.get("europe")).isNull();
        assertThat(there.awaitCaughtUp(WAIT)).isTrue();
        assertThat(there.get("europe")).isNull();
        assertThat(there.containsKey("europe")).isFalse();
    }

    @Test
    void datesAndDurationsAreStoredAsIsoStrings() throws Exception {
        CompactedTable<Desk> here = table("here");
        here.put("asia", desk("Asia desk"));
        String json = RecordJson.MAPPER.writeValueAsString(desk("Asia desk"));
        assertThat(json).contains("\"since\":\"2026-03-01T06:00:00Z\"").contains("\"shift\":\"PT8H\"");
        // A newer instance's extra field does not make the record unreadable here.
        sendRaw("newer", json.replace("{", "{\"floor\":3,"));
        here.start();
        assertThat(here.awaitCaughtUp(WAIT)).isTrue();
        assertThat(here.get("newer")).isEqualTo(desk("Asia desk"));
    }

    @Test
    void theLoadHookSeesEverythingWrittenBeforeAndTheListenerEveryChangeAfter() throws Exception {
        CompactedTable<Desk> writer = table("writer");
        writer.put("a", desk("A"));
        writer.put("b", desk("B"));
        writer.delete("b");

        List<String> changes = new CopyOnWriteArrayList<>();
        List<Integer> sizeAtLoad = new ArrayList<>();
        CompactedTable<Desk> reader = table("reader");
        reader.onLoaded(() -> sizeAtLoad.add(reader.size()))
                .onChange((key, before, after) -> changes.add(key + ":" + (before == null ? "-" : before.name()) + ">"
                        + (after == null ? "-" : after.name())));
        reader.start();
        assertThat(reader.awaitLoaded(WAIT)).isTrue();
        assertThat(sizeAtLoad).containsExactly(1);
        assertThat(changes).isEmpty();

        writer.put("a", desk("A2"));
        writer.put("c", desk("C"));
        writer.delete("c");
        assertThat(reader.awaitCaughtUp(WAIT)).isTrue();
        reader.put("d", desk("D")); // its own write: told once, not again when the tail brings it back
        writer.put("a", desk("A2")); // the same value again changes nothing
        assertThat(reader.awaitCaughtUp(WAIT)).isTrue();
        assertThat(changes).containsExactly("a:A>A2", "c:->C", "c:C>-", "d:->D");
        assertThat(reader.values()).containsExactlyInAnyOrder(desk("A2"), desk("D"));
    }

    @Test
    void anUnreadableRecordRemovesTheVersionBeforeItUnlessTheTableKeepsIt() throws Exception {
        CompactedTable<Desk> writer = table("writer");
        writer.put("x", desk("X"));
        sendRaw("x", "{\"name\": [not json");

        CompactedTable<Desk> strict = table("strict");
        strict.start();
        CompactedTable<Desk> lenient = table("lenient").keepingUnreadable();
        lenient.start();
        assertThat(strict.awaitCaughtUp(WAIT)).isTrue();
        assertThat(lenient.awaitCaughtUp(WAIT)).isTrue();
        assertThat(strict.get("x")).isNull();
        assertThat(lenient.get("x")).isEqualTo(desk("X"));

        // Readable again: both follow.
        writer.put("x", desk("X2"));
        assertThat(strict.awaitCaughtUp(WAIT)).isTrue();
        assertThat(lenient.awaitCaughtUp(WAIT)).isTrue();
        assertThat(strict.get("x")).isEqualTo(desk("X2"));
        assertThat(lenient.get("x")).isEqualTo(desk("X2"));
    }

    @Test
    void aRecordTheTableDoesNotAcceptCountsAsDeleted() throws Exception {
        CompactedTable<Desk> writer = table("writer");
        writer.put("y", desk("Y"));
        writer.put("y", new Desk("", null, null));

        CompactedTable<Desk> reader = table("reader").accepting(d -> !d.name().isBlank(), "has no name");
        reader.start();
        assertThat(reader.awaitCaughtUp(WAIT)).isTrue();
        assertThat(reader.get("y")).isNull();
        assertThat(reader.size()).isZero();
    }

    @Test
    void aWriteIsNeverUndoneByOlderRecordsTheTailStillReplays() throws Exception {
        // Many older versions of one key, then this instance's write before its tail has read any of them.
        try (KafkaProducer<String, String> p = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 5000; i++) {
                p.send(new ProducerRecord<>(topic, "k", RecordJson.MAPPER.writeValueAsString(desk("old " + i))));
            }
            p.flush();
        }
        CompactedTable<Desk> table = table("table");
        table.put("k", desk("new"));

        AtomicBoolean sawOlder = new AtomicBoolean();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                if (!desk("new").equals(table.get("k"))) {
                    sawOlder.set(true);
                }
            }
        });
        watcher.start();
        table.start();
        assertThat(table.awaitCaughtUp(WAIT)).isTrue();
        watching.set(false);
        watcher.join();
        assertThat(sawOlder)
                .as("an older record replaced this instance's write")
                .isFalse();
        assertThat(table.get("k")).isEqualTo(desk("new"));

        // The guard ends with our own record: a later write from elsewhere is taken.
        sendRaw("k", RecordJson.MAPPER.writeValueAsString(desk("later")));
        assertThat(table.awaitCaughtUp(WAIT)).isTrue();
        assertThat(table.get("k")).isEqualTo(desk("later"));
    }

    @Test
    void anUnacknowledgedWriteFailsWithinItsBoundAndChangesNothing() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        CompactedTable<Desk> table = new CompactedTable<>(
                topic,
                Desk.class,
                "Desk",
                Map.of("bootstrap.servers", "127.0.0.1:" + closedPort, "max.block.ms", "1000"),
                "nowhere");
        opened.add(table);
        assertThatThrownBy(() -> table.put("z", desk("Z")))
                .isInstanceOf(CompactedTable.WriteFailedException.class)
                .hasMessageStartingWith("Kafka did not acknowledge the change");
        assertThat(table.get("z")).isNull();
    }

    @Test
    void anAsynchronousWriteIsHereAtOnceAndDurableAfterFlush() throws Exception {
        CompactedTable<Desk> here = table("here");
        here.start();
        assertThat(here.awaitLoaded(WAIT)).isTrue();
        for (int i = 0; i < 50; i++) {
            here.putAsync("state", desk("poll " + i));
        }
        assertThat(here.get("state")).isEqualTo(desk("poll 49"));
        here.flush();

        CompactedTable<Desk> there = table("there");
        there.start();
        assertThat(there.awaitCaughtUp(WAIT)).isTrue();
        assertThat(there.get("state")).isEqualTo(desk("poll 49"));
        assertThat(here.awaitCaughtUp(WAIT)).isTrue();
        assertThat(here.get("state"))
                .as("its own records coming back change nothing")
                .isEqualTo(desk("poll 49"));
    }
}

package io.redline.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.redline.common.kafka.KafkaClientSettings;
import io.redline.common.kafka.RecordJson;
import io.redline.contracts.AuditEvent;
import io.redline.contracts.ContractHeader;
import io.redline.contracts.Topic;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Records who changed what ({@link AuditEvent}) to {@code redline.audit}, from which search-service builds the audit
 * index admins query ({@code GET /api/audit}).
 *
 * <p>Called after a change was accepted, so a failure to write here cannot undo it: the event is then logged in full
 * at ERROR (the service log keeps it) and the request still succeeds.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    private final KafkaProducer<String, String> producer;
    private final String service;
    private final Clock clock = Clock.systemUTC();

    @Inject
    SecurityIdentity identity;

    @Inject
    Instance<CurrentVertxRequest> request;

    @Inject
    public AuditLog(
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "quarkus.application.name", defaultValue = "redline") String service) {
        this.service = service;
        this.producer = new KafkaProducer<>(
                KafkaClientSettings.producer(
                        kafkaConfig,
                        "audit-" + service + "-" + ProcessHandle.current().pid()),
                new StringSerializer(),
                new StringSerializer());
    }

    /**
     * Records a change made by the current request's caller.
     *
     * @param action     {@code <target>.<verb>}, e.g. {@code feed.update}
     * @param targetType {@code feed}, {@code subscription} or {@code key}
     * @param targetId   the changed object's id
     * @param details    what changed; never secrets
     */
    public AuditEvent record(String action, String targetType, String targetId, Map<String, Object> details) {
        Caller caller = Caller.of(identity);
        AuditEvent event = new AuditEvent(
                UUID.randomUUID().toString(),
                clock.instant(),
                caller.owner(),
                caller.authMethod(),
                caller.keyId(),
                caller.role() == null ? null : caller.role().id(),
                action,
                targetType,
                targetId,
                sourceAddress(),
                service,
                details == null ? Map.of() : details);
        String json;
        try {
            json = RecordJson.MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try {
            ProducerRecord<String, String> r =
                    new ProducerRecord<>(Topic.AUDIT.topicName(), targetType + ":" + targetId, json);
            r.headers().add(ContractHeader.SCHEMA.headerName(), AuditEvent.SCHEMA.getBytes(StandardCharsets.UTF_8));
            producer.send(r).get(10, TimeUnit.SECONDS);
            LOG.infof(
                    "audit: %s %s %s by %s from %s",
                    action, targetType, targetId, caller.owner(), event.sourceAddress());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.errorf("audit event not written (interrupted): %s", json);
        } catch (Exception e) {
            LOG.errorf("audit event not written to %s (%s): %s", Topic.AUDIT.topicName(), e, json);
        }
        return event;
    }

    private String sourceAddress() {
        try {
            if (request.isResolvable() && request.get().getCurrent() != null) {
                var address = request.get().getCurrent().request().remoteAddress();
                return address == null ? null : address.hostAddress();
            }
        } catch (RuntimeException e) {
            // outside a request (a scheduled job): no address
        }
        return null;
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

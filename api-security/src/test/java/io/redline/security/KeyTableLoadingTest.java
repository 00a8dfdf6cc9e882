package io.redline.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * While the key table is still loading, only a few requests may wait for it on worker threads; the others are refused
 * at once (503 through AccessGate), so a flood of key guesses just after start-up cannot hold every worker.
 */
class KeyTableLoadingTest {

    private static AuthConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(AuthConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build()
                .getConfigMapping(AuthConfig.class);
    }

    @Test
    void beyondTheWaitersAKeyIsRefusedAtOnceWithoutTakingAWorker() throws Exception {
        AuthConfig config = config(
                Map.of("redline.auth.key-table.max-load-waiters", "1", "redline.auth.key-table.load-wait", "60s"));
        ExecutorService workers = Executors.newCachedThreadPool();
        AtomicInteger blockingCalls = new AtomicInteger();
        CountDownLatch waiting = new CountDownLatch(1);
        AuthenticationRequestContext context = new AuthenticationRequestContext() {
            @Override
            public Uni<SecurityIdentity> runBlocking(Supplier<SecurityIdentity> function) {
                blockingCalls.incrementAndGet();
                waiting.countDown();
                return Uni.createFrom().item(function).runSubscriptionOn(workers);
            }
        };
        // Never started: its table is never read, as just after start-up with a slow broker.
        try (ApiKeyStore store = new ApiKeyStore(
                Map.of("bootstrap.servers", "127.0.0.1:9"),
                "key-table-loading-test",
                null,
                "admin",
                10,
                Clock.systemUTC())) {
            assertThat(store.isLoaded()).isFalse();
            ApiKeyIdentityProvider provider = new ApiKeyIdentityProvider(store, config);
            String key = ApiKeyFormat.generate().value();

            var first = provider.authenticate(new ApiKeyAuthenticationRequest(key), context)
                    .subscribeAsCompletionStage();
            assertThat(waiting.await(30, TimeUnit.SECONDS))
                    .as("the first request waits for the table on a worker")
                    .isTrue();

            Throwable second = catchThrowable(() -> provider.authenticate(
                            new ApiKeyAuthenticationRequest(
                                    ApiKeyFormat.generate().value()),
                            context)
                    .await()
                    .indefinitely());
            assertThat(second).isInstanceOf(KeyTableLoadingException.class);
            assertThat(blockingCalls.get())
                    .as("worker threads taken: the refused request took none")
                    .isEqualTo(1);
            first.toCompletableFuture().cancel(true);
        } finally {
            workers.shutdownNow();
        }
    }
}

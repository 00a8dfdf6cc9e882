package io.redline.alerts.channel;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.redline.localstack.FreePorts;
import java.util.Map;

/**
 * Starts a real SMTP server (GreenMail) on a free loopback port for a Quarkus test, points
 * {@code quarkus.mailer.host/port} at it, and injects it into the test's {@link InjectGreenMail} field.
 */
public class GreenMailTestResource implements QuarkusTestResourceLifecycleManager {

    private GreenMail greenMail;

    @Override
    public Map<String, String> start() {
        int port = FreePorts.next();
        ServerSetup smtp = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        // The build machines are heavily loaded; GreenMail's 2 s default start timeout is too tight there.
        smtp.setServerStartupTimeout(30_000);
        greenMail = new GreenMail(smtp);
        greenMail.start();
        return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", Integer.toString(port));
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(
                greenMail, new TestInjector.AnnotatedAndMatchesType(InjectGreenMail.class, GreenMail.class));
    }

    @Override
    public void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }
}

package io.redline.localstack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;

/**
 * Keeps the Compose demo's outlet list ({@code deploy/demo/outlet-feeds.opml}) equal to the demo outlets that
 * {@code ./redline up} registers, so both demos count the same independent outlets.
 */
class ComposeDemoOutletsTest {

    /** The project root, from this module's folder (where Maven runs its tests). */
    private static final Path ROOT = Path.of("..");

    /** Where the demo server is in the Compose demo: its service name and port. */
    private static final String COMPOSE_BASE = "http://demo-feeds:8099";

    @Test
    void theComposeDemoDeclaresEveryDemoOutletForItsFeed() throws IOException, XMLStreamException {
        Map<String, String> expected = new LinkedHashMap<>();
        for (DemoOutlet outlet : DemoContent.load().outlets()) {
            expected.put(COMPOSE_BASE + outlet.path(), outlet.domain());
        }
        assertThat(expected).isNotEmpty();

        assertThat(outletsOf(ROOT.resolve("deploy/demo/outlet-feeds.opml"))).isEqualTo(expected);
    }

    @Test
    void theComposeDemoHandsTheFileToIngest() throws IOException {
        String compose = Files.readString(ROOT.resolve("deploy/docker-compose.demo.yml"));
        assertThat(compose)
                .contains("REDLINE_INGEST_FEEDS_FILE: /etc/redline/demo-outlet-feeds.opml")
                .contains("./deploy/demo/outlet-feeds.opml:/etc/redline/demo-outlet-feeds.opml:ro");
    }

    /** Feed URL to declared outlet, in document order. */
    private static Map<String, String> outletsOf(Path opml) throws IOException, XMLStreamException {
        Map<String, String> out = new LinkedHashMap<>();
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        try (InputStream in = Files.newInputStream(opml)) {
            XMLStreamReader r = f.createXMLStreamReader(in);
            while (r.hasNext()) {
                if (r.next() == XMLStreamConstants.START_ELEMENT
                        && r.getLocalName().equals("outline")
                        && r.getAttributeValue(null, "xmlUrl") != null) {
                    out.put(r.getAttributeValue(null, "xmlUrl"), r.getAttributeValue(null, "outlet"));
                }
            }
        }
        return out;
    }
}

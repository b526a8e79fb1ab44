package org.jrhcs.tools.clustat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.stream.Collectors;
import org.jrhcs.rg.client.ServiceInfo;
import org.jrhcs.tools.clustat.ClusterSnapshot.Member;
import org.junit.jupiter.api.Test;

/** clustat output pinned byte for byte (golden files under src/test/resources/clustat). */
class ClustatFormatTest {
    private static final ZonedDateTime SEED_TIME = ZonedDateTime.of(2011, 9, 22, 11, 26, 56, 0, ZoneOffset.UTC);

    /** The two-node cluster of seed 002. */
    static ClusterSnapshot seed002() {
        return new ClusterSnapshot("webha5143", 5143, 12, true,
                List.of(new Member("node1.upl.com", 1, true, true, true, false, false, false),
                        new Member("node2.upl.com", 2, true, false, true, false, false, false)),
                List.of(new ServiceInfo("service:webserv", "started", "node1.upl.com", "node1.upl.com", 0, false, 1316690816L)));
    }

    /** Seed 000 after web1 crashed: quorum disk line, a stopped service, a frozen one, the decision maker. */
    static ClusterSnapshot seed000() {
        return new ClusterSnapshot("rhcs-test", 100, 3016, true,
                List.of(new Member("web2", 1, true, true, true, true, false, false),
                        new Member("Mysql2", 2, true, false, true, false, false, false),
                        new Member("Mysql1", 3, true, false, true, false, false, false),
                        new Member("web1", 4, false, false, false, false, false, false),
                        new Member("/dev/sdb1", 0, true, false, false, false, true, false)),
                List.of(new ServiceInfo("service:webserver", "started", "web2", "web1", 0, false, 1314118669L),
                        new ServiceInfo("service:mysqlserver", "started", "Mysql1", "Mysql1", 0, true, 1314118000L),
                        new ServiceInfo("service:backup", "disabled", null, "Mysql2", 0, false, 1314110000L)));
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = ClustatFormatTest.class.getResourceAsStream("/clustat/" + name)) {
            if (in == null) throw new IOException("missing golden file " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static ClustatFormat.Options opts(String member, String service, boolean longForm, int columns) {
        return new ClustatFormat.Options(member, service, longForm, false, columns);
    }

    @Test void seed002MatchesTheSeedSample() throws IOException {
        // The seed's terminal was 70 columns wide; it shows lines without trailing blanks.
        String out = ClustatFormat.text(seed002(), opts(null, null, false, 70), SEED_TIME).text();
        String stripped = out.lines().map(l -> l.replaceAll("\\s+$", "")).collect(Collectors.joining("\n", "", "\n"));
        assertEquals(golden("seed002-70cols.txt"), stripped);
    }

    @Test void defaultViewAt80Columns() throws IOException {
        ClustatFormat.Output o = ClustatFormat.text(seed000(), opts(null, null, false, 80), SEED_TIME);
        assertEquals(golden("seed000-80cols.txt"), o.text());
        assertEquals(0, o.status());
    }

    @Test void serviceView() throws IOException {
        ClustatFormat.Output o = ClustatFormat.text(seed000(), opts(null, "service:webserver", false, 80), SEED_TIME);
        assertEquals(golden("service-webserver.txt"), o.text());
        assertEquals(0, o.status());
        ClustatFormat.Output d = ClustatFormat.text(seed000(), opts(null, "service:backup", false, 80), SEED_TIME);
        assertEquals(119, d.status(), "a disabled service gives its state code");
    }

    @Test void memberView() throws IOException {
        ClustatFormat.Output o = ClustatFormat.text(seed000(), opts("web1", null, false, 80), SEED_TIME);
        assertEquals(golden("member-web1.txt"), o.text());
        assertEquals(1, o.status(), "an offline member gives 1");
    }

    @Test void longForm() throws IOException {
        String out = ClustatFormat.text(seed000(), opts(null, "service:webserver", true, 80), SEED_TIME).text()
                .replaceAll("Last Transition : .*", "Last Transition : X");
        assertEquals(golden("long-webserver.txt"), out);
    }

    @Test void xml() throws IOException {
        String out = ClustatFormat.xml(seed000(), opts(null, null, false, 80)).text()
                .replaceAll("last_transition_str=\"[^\"]*\"", "last_transition_str=\"X\"");
        assertEquals(golden("seed000.xml"), out);
    }

    @Test void noRgmanager() throws IOException {
        ClusterSnapshot s = seed002();
        ClusterSnapshot without = new ClusterSnapshot(s.clusterName(), s.clusterId(), s.generation(), false, s.members(), null);
        assertEquals(golden("no-rgmanager.txt"), ClustatFormat.text(without, opts(null, null, false, 80), SEED_TIME).text());
    }
}

package org.jrhcs.log;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.jrhcs.ccs.model.Logging;
import org.jrhcs.client.ClusterRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterLogTest {
    @Test void lineHasTheSeedShape() {
        ZonedDateTime t = ZonedDateTime.of(2011, 8, 4, 0, 57, 9, 0, ZoneOffset.UTC);
        assertEquals("Aug  4 00:57:09 web1 clurgmgrd[3321]: <notice> Member 1 shutting down",
                SyslogLine.format(t, "web1", "clurgmgrd", 3321, "notice", "Member 1 shutting down"));
        assertEquals("Aug  4 00:57:09 web1 fenced[2790]: fencing node \"web2\"",
                SyslogLine.format(t, "web1", "fenced", 2790, null, "fencing node \"web2\""));
    }

    @Test void writesOwnFileAndMessagesWithThresholds(@TempDir Path dir) throws Exception {
        ClusterRoot root = new ClusterRoot(dir);
        ClusterLog log = ClusterLog.open(root, "qdiskd", "web1", true);
        Logging conf = new Logging();
        conf.syslogPriority = "notice";
        log.configure(conf);
        log.info("Node 1 shutdown");
        log.notice("Node 4 evicted");
        log.debug("invisible");
        ClusterLog.shutdown();
        List<String> own = Files.readAllLines(root.logDir().resolve("qdiskd.log"));
        List<String> messages = Files.readAllLines(root.messagesLog());
        assertEquals(2, own.size(), own.toString());
        assertTrue(own.get(0).matches("\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d web1 qdiskd\\[\\d+\\]: <info> Node 1 shutdown"), own.get(0));
        assertEquals(1, messages.size(), messages.toString());
        assertTrue(messages.get(0).endsWith("<notice> Node 4 evicted"));
    }

    @Test void rejectsUnknownPriority() {
        assertThrows(IllegalArgumentException.class, () -> Severity.parse("loud"));
    }
}

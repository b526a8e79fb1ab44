package org.jrhcs.rg.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataDiskCacheTest {

    @Test
    void metaDataRunsOncePerAgentVersionAcrossProcesses(@TempDir Path tmp) throws Exception {
        Path agents = Files.createDirectories(tmp.resolve("agents"));
        Path runs = tmp.resolve("runs");
        Path a = AgentRunnerTest.script(agents, "thing.sh", "echo ran >> " + runs + "\necho '" + AgentRunnerTest.meta("thing") + "'\n"
                + "echo 'complaint on stderr' >&2\n");
        MetadataDiskCache disk = MetadataDiskCache.usable(tmp.resolve("cache"));

        AgentCatalog.clearMemoryCache();
        assertTrue(AgentCatalog.load(agents, new AgentRunner(), disk).types().containsKey("thing"), "stderr stays out of the XML");
        AgentCatalog.clearMemoryCache(); // as a new process would start
        assertTrue(AgentCatalog.load(agents, new AgentRunner(), disk).types().containsKey("thing"));
        assertEquals(List.of("ran"), Files.readAllLines(runs), "second load came from the disk cache");

        Files.setLastModifiedTime(a, FileTime.fromMillis(Files.getLastModifiedTime(a).toMillis() + 5000));
        AgentCatalog.clearMemoryCache();
        AgentCatalog.load(agents, new AgentRunner(), disk);
        assertEquals(List.of("ran", "ran"), Files.readAllLines(runs), "a changed agent is asked again");

        assertNull(disk.get(a, 1, 2), "stale stamp");
        assertNull(MetadataDiskCache.NONE.get(a, Files.size(a), 0));
    }
}

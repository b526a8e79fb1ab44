package org.jrhcs.rg.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.ConfNode;
import org.jrhcs.rg.core.Delta;
import org.jrhcs.rg.core.ResourceTree;
import org.jrhcs.rg.core.TreeBuilder;
import org.junit.jupiter.api.Test;

/**
 * Measures, and prints, the metadata load of every project agent (cold: one process per
 * agent, in parallel; warm: from the in-process cache) and the tree build and delta
 * for a configuration of 1,000 services. The bounds are loose ceilings, not targets.
 */
class BenchmarkTest {

    @Test
    void metadataAndThousandServices(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path dir = DummyAgentTest.projectAgents();
        long[] ms = metadataTimes(dir, tmp.resolve("cache"));
        AgentCatalog cold = AgentCatalog.load(dir, new AgentRunner(), MetadataDiskCache.NONE);
        assertTrue(cold.types().size() >= 11, cold.types().keySet().toString());
        // Debian's whole heartbeat directory (~140 agents) takes seconds cold: only on request.
        Path debian = Path.of("/usr/lib/ocf/resource.d/heartbeat");
        String extra = "";
        if (Boolean.getBoolean("rg.bench.debian") && java.nio.file.Files.isDirectory(debian)) {
            long[] d = metadataTimes(debian, tmp.resolve("debian-cache"));
            extra = String.format("; Debian heartbeat (%d agents) cold %d ms, from disk cache %d ms, in memory %d ms",
                    d[3], d[0], d[1], d[2]);
        }

        StringBuilder xml = new StringBuilder("<cluster name=\"big\" config_version=\"1\"><rm><resources>");
        for (int i = 0; i < 1000; i++)
            xml.append("<script name=\"s").append(i).append("\" file=\"/etc/init.d/s").append(i).append("\"/>");
        xml.append("</resources>");
        for (int i = 0; i < 1000; i++)
            xml.append("<service name=\"svc").append(i).append("\"><ip address=\"198.18.").append(i / 250).append('.')
                    .append(i % 250 + 1).append("\"/><fs name=\"fs").append(i).append("\" device=\"/dev/vg/lv").append(i)
                    .append("\" mountpoint=\"/srv/").append(i).append("\"><nfsexport name=\"e").append(i)
                    .append("\"><nfsclient name=\"c").append(i).append("\" target=\"*\"/></nfsexport></fs><script ref=\"s")
                    .append(i).append("\"/></service>");
        xml.append("</rm></cluster>");
        ConfNode cluster = ConfNode.of(ConfDocument.parseDom(xml.toString().getBytes(), "big.conf").getDocumentElement());
        ResourceTree tree = null;
        long t0;
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            t0 = System.nanoTime();
            tree = TreeBuilder.build(cluster, cold.types());
            best = Math.min(best, System.nanoTime() - t0);
        }
        assertEquals(1000, tree.roots().size());
        t0 = System.nanoTime();
        Delta d = Delta.between(tree, TreeBuilder.build(cluster, cold.types()));
        long deltaMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(d.starts().isEmpty() && d.stops().isEmpty());
        System.out.printf("rgmanager benchmark: meta-data of %d agents cold %d ms, from disk cache %d ms, in memory %d ms; "
                + "tree build for 1,000 services (5,000 nodes) %d ms; delta of two such configs %d ms%s%n",
                cold.types().size(), ms[0], ms[1], ms[2], best / 1_000_000, deltaMs, extra);
        assertTrue(ms[0] < 10_000 && best / 1_000_000 < 5_000);
    }

    /** Cold (every agent run), from the disk cache (as a new process), from memory; and the type count. */
    static long[] metadataTimes(Path dir, Path cacheDir) throws Exception {
        MetadataDiskCache disk = MetadataDiskCache.usable(cacheDir);
        AgentCatalog.clearMemoryCache();
        long t0 = System.nanoTime();
        int n = AgentCatalog.load(dir, new AgentRunner(), disk).types().size();
        long cold = System.nanoTime() - t0;
        AgentCatalog.clearMemoryCache();
        t0 = System.nanoTime();
        AgentCatalog.load(dir, new AgentRunner(), disk);
        long fromDisk = System.nanoTime() - t0;
        t0 = System.nanoTime();
        AgentCatalog.load(dir, new AgentRunner(), disk);
        long inMemory = System.nanoTime() - t0;
        return new long[] {cold / 1_000_000, fromDisk / 1_000_000, inMemory / 1_000_000, n};
    }
}

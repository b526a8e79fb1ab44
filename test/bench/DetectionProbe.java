import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.cman.client.CmanClient;

/**
 * Benchmark probe (run with `java -cp tools/lib/cman-client.jar test/bench/DetectionProbe.java`):
 * DetectionProbe SANDBOX WATCHER MEMBERS_AFTER FAULT [ARGS...] — runs
 * `cluster-sandbox FAULT SANDBOX ARGS...` (crash NODE, hang NODE, cable NODE cluster down, ...)
 * and polls WATCHER's cman every 5 ms until it reports MEMBERS_AFTER members. Prints
 * "FAULT ARGS: detected after N ms (fault at EPOCH_MS)".
 */
public class DetectionProbe {
    public static void main(String[] a) throws Exception {
        CmanClient c = new CmanClient(new ClusterRoot(Path.of(a[0], a[1])));
        int want = Integer.parseInt(a[2]);
        Path sandbox = Path.of(System.getProperty("sandbox.bin", "tools/bin"), "cluster-sandbox");
        List<String> cmd = new ArrayList<>(List.of(sandbox.toString(), a[3], a[0]));
        cmd.addAll(List.of(a).subList(4, a.length));
        long epoch = System.currentTimeMillis();
        long t0 = System.nanoTime();
        new ProcessBuilder(cmd).inheritIO().start().waitFor();
        while (c.status().nodes() != want) Thread.sleep(5);
        System.out.println(String.join(" ", List.of(a).subList(3, a.length)) + ": detected after "
                + (System.nanoTime() - t0) / 1_000_000 + " ms (fault at " + epoch + ")");
    }
}

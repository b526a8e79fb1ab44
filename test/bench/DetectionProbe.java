import java.nio.file.Path;
import org.jrhcs.client.ClusterRoot;
import org.jrhcs.cman.client.CmanClient;

/**
 * Benchmark probe (run with `java -cp tools/lib/cman-client.jar test/bench/DetectionProbe.java`):
 * DetectionProbe SANDBOX WATCHER crash|hang VICTIM MEMBERS_AFTER — sends the fault through
 * cluster-sandbox and prints how long WATCHER's cman took to report MEMBERS_AFTER members.
 */
public class DetectionProbe {
    public static void main(String[] a) throws Exception {
        CmanClient c = new CmanClient(new ClusterRoot(Path.of(a[0], a[1])));
        int want = Integer.parseInt(a[4]);
        Path sandbox = Path.of(System.getProperty("sandbox.bin", "tools/bin"), "cluster-sandbox");
        long t0 = System.nanoTime();
        new ProcessBuilder(sandbox.toString(), a[2], a[0], a[3]).inheritIO().start().waitFor();
        while (c.status().nodes() != want) Thread.sleep(5);
        System.out.println(a[2] + " " + a[3] + ": detected after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }
}

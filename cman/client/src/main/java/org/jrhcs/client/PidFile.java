package org.jrhcs.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Daemon pid files: whether the process one names still runs. */
public final class PidFile {
    private PidFile() {}

    /** The pid in {@code pidFile} when that process is alive, else null (missing, garbled or dead). */
    public static Long livePid(Path pidFile) {
        try {
            long p = Long.parseLong(Files.readString(pidFile).trim());
            return alive(p) ? p : null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** Alive and not a zombie (a killed daemon whose parent never reaps it is gone for us). */
    public static boolean alive(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) return false;
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return true; // no /proc: trust ProcessHandle
        }
    }
}

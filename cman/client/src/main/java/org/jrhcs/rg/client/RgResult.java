package org.jrhcs.rg.client;

/**
 * rgmanager's request return codes and the words clusvcadm prints for them.
 * clusvcadm exits with the code itself (negative codes reach the shell modulo 256).
 */
public enum RgResult {
    SUCCESS(0, "Success"),
    FAIL(-1, "Failure"),
    ABORT(-2, "Aborted; service failed"),
    FORWARD(-3, "Service not mastered locally"),
    NO_SERVICE(-4, "Service does not exist"),
    DEADLOCK(-5, "Operation would cause a deadlock"),
    AGAIN(-6, "Temporary failure; try again"),
    DEPEND(-7, "Operation violates dependency rule"),
    INVALID(-8, "Invalid operation for resource"),
    QUORUM(-9, "Operation requires quorum"),
    RUNNING(-10, "Service is already running"),
    FROZEN(-11, "Service is frozen"),
    NODE(-12, "Target node dead / nonexistent"),
    FENCE(-13, "Fencing operation pending; try again later"),
    SCRIPT(-14, "S/Lang Script Error"),
    DOMAIN(-15, "Service not runnable: restricted failover domain offline"),
    EXCLUSIVE(-16, "Service not runnable: cannot run exclusive"),
    PERMISSION(-100, "Permission denied");

    private final int code;
    private final String text;

    RgResult(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() { return code; }

    public String text() { return text; }

    public static RgResult of(int code) {
        for (RgResult r : values()) if (r.code == code) return r;
        return FAIL;
    }
}

package org.jrhcs.rg.client;

/**
 * One service as clustat shows it.
 *
 * @param name           full name, e.g. {@code service:webserver}
 * @param state          lower-case state name (started, stopped, failed, ...)
 * @param owner          node name or null
 * @param lastOwner      node name or null
 * @param lastTransition epoch seconds of the last state change
 */
public record ServiceInfo(String name, String state, String owner, String lastOwner, int restarts,
                          boolean frozen, long lastTransition) {

    /** rgmanager's numeric state codes, as clustat -x and -l print them. */
    public int stateCode() {
        return switch (state) {
            case "stopped" -> 110;
            case "starting" -> 111;
            case "started" -> 112;
            case "stopping" -> 113;
            case "failed" -> 114;
            case "uninitialized" -> 115;
            case "checking" -> 116;
            case "recoverable" -> 117;
            case "recovering" -> 118;
            case "disabled" -> 119;
            case "migrating" -> 120;
            default -> 0;
        };
    }

    public boolean isRunning() {
        return state.equals("started") || state.equals("starting") || state.equals("stopping");
    }
}

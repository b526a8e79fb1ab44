package org.jrhcs.rg.core;

/**
 * OCF exit codes and what each means for recovery. rgmanager's reading of them: a stop
 * of something not running succeeded; a status of "not running" or a generic error is
 * worth a local restart; an error that will recur on this node (arguments, missing
 * software, permissions) needs another node; a configuration error will recur anywhere,
 * so the service is disabled.
 */
public enum OcfExit {
    SUCCESS(0, "success"),
    ERR_GENERIC(1, "generic error"),
    ERR_ARGS(2, "invalid argument"),
    ERR_UNIMPLEMENTED(3, "unimplemented feature"),
    ERR_PERM(4, "insufficient privileges"),
    ERR_INSTALLED(5, "program not installed"),
    ERR_CONFIGURED(6, "program not configured"),
    NOT_RUNNING(7, "not running"),
    OTHER(-1, "unspecified error");

    /** What the service manager does after an action returned a code. */
    public enum Recovery {
        /** Nothing to do. */
        NONE,
        /** Restart the failed part where it runs (subject to max_restarts). */
        RESTART,
        /** This node cannot run it: stop and start elsewhere. */
        RELOCATE,
        /** No node can run it as configured: stop and disable. */
        DISABLE,
        /** The stop failed: the service is in the failed state until an operator acts. */
        FAILED
    }

    private final int code;
    private final String text;

    OcfExit(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() { return code; }

    /** The wording rgmanager logs, e.g. "generic error". */
    public String text() { return text; }

    public static OcfExit of(int code) {
        for (OcfExit e : values()) if (e.code == code) return e;
        return OTHER;
    }

    /** Whether an action ended as wanted; a stop (or status) of something not running counts for stop. */
    public static boolean succeeded(String action, int code) {
        if (code == 0) return true;
        return action.equals("stop") && code == NOT_RUNNING.code;
    }

    /** The recovery an exit code of an action calls for. */
    public static Recovery recovery(String action, int code) {
        if (succeeded(action, code)) return Recovery.NONE;
        if (action.equals("stop")) return Recovery.FAILED;
        return switch (of(code)) {
            case SUCCESS -> Recovery.NONE;
            case ERR_GENERIC, NOT_RUNNING, OTHER -> Recovery.RESTART;
            case ERR_ARGS, ERR_UNIMPLEMENTED, ERR_PERM, ERR_INSTALLED -> Recovery.RELOCATE;
            case ERR_CONFIGURED -> Recovery.DISABLE;
        };
    }
}

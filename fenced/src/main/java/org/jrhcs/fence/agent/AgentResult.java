package org.jrhcs.fence.agent;

/**
 * How one agent run ended.
 *
 * @param exitCode the agent's exit status, -1 when it did not run or was killed
 * @param output   what the agent wrote (stdout and stderr, trimmed), for the log on failure
 */
public record AgentResult(Status status, int exitCode, String output, long millis, String detail) {

    /** Internal outcome of a run; {@link #text()} is the word RHCS logs after "result:". */
    public enum Status {
        SUCCESS("success"), ERROR("error from agent"), TIMEOUT("agent timed out"),
        NOT_FOUND("agent not found"), BAD_CONFIG("bad configuration");
        private final String text;
        Status(String text) { this.text = text; }
        public String text() { return text; }
    }

    public boolean ok() { return status == Status.SUCCESS; }

    /** The log's result text: the status word, with the reason for config problems. */
    public String text() {
        return detail == null || detail.isEmpty() ? status.text() : status.text() + " (" + detail + ")";
    }
}

package org.jrhcs.client.ipc;

/** A local-socket request could not be made, or its reply (or request) was malformed. */
public class IpcException extends RuntimeException {
    public IpcException(String message) { super(message); }
    public IpcException(String message, Throwable cause) { super(message, cause); }
}

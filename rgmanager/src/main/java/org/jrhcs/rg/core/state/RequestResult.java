package org.jrhcs.rg.core.state;

/**
 * How an operator request ended, inside rgmanager. The daemon maps each to the client
 * protocol's return code ({@code org.jrhcs.rg.client.RgResult}) in one table.
 */
public enum RequestResult {
    SUCCESS, FAIL, ABORT, AGAIN, QUORUM, NO_SERVICE, NODE, DOMAIN, FROZEN, INVALID, DEPEND, EXCLUSIVE;

    static RequestResult of(org.jrhcs.rg.core.placement.Action.Refusal r) {
        return switch (r) {
            case NO_SERVICE -> NO_SERVICE;
            case NODE -> NODE;
            case DOMAIN -> DOMAIN;
            case FROZEN -> FROZEN;
            case INVALID -> INVALID;
            case DEPEND -> DEPEND;
            case NO_TARGET -> FAIL;
            case EXCLUSIVE -> EXCLUSIVE;
        };
    }
}

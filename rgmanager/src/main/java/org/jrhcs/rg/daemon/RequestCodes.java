package org.jrhcs.rg.daemon;

import org.jrhcs.rg.client.RgResult;
import org.jrhcs.rg.core.state.RequestResult;

/** The one table from rgmanager's internal request results to the client protocol's return codes. */
public final class RequestCodes {
    private RequestCodes() {}

    public static RgResult of(RequestResult r) {
        return switch (r) {
            case SUCCESS -> RgResult.SUCCESS;
            case FAIL -> RgResult.FAIL;
            case ABORT -> RgResult.ABORT;
            case AGAIN -> RgResult.AGAIN;
            case QUORUM -> RgResult.QUORUM;
            case NO_SERVICE -> RgResult.NO_SERVICE;
            case NODE -> RgResult.NODE;
            case DOMAIN -> RgResult.DOMAIN;
            case FROZEN -> RgResult.FROZEN;
            case INVALID -> RgResult.INVALID;
            case DEPEND -> RgResult.DEPEND;
            case EXCLUSIVE -> RgResult.EXCLUSIVE;
        };
    }
}

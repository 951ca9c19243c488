package io.docusigncamel.emulator.envelope;

import io.docusigncamel.emulator.EmulatorResponse;

/**
 * A DocuSign REST error raised deep inside validation or a query and turned into an
 * {@code {"errorCode","message"}} answer at the edge of the world. Carrying it as an exception keeps the validators
 * linear: the first broken rule wins, as it does at DocuSign. Immutable.
 */
final class RestFailure extends RuntimeException {

    private final int status;
    private final String errorCode;

    RestFailure(int status, String errorCode, String message) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
    }

    static RestFailure badRequest(String errorCode, String message) {
        return new RestFailure(400, errorCode, message);
    }

    /** DocuSign's generic prefix for a bad parameter, followed by what exactly was wrong. */
    static RestFailure invalidParameter(String detail) {
        return badRequest("INVALID_REQUEST_PARAMETER", "The request contained at least one invalid parameter. " + detail);
    }

    int status() {
        return status;
    }

    String errorCode() {
        return errorCode;
    }

    EmulatorResponse toResponse() {
        return EmulatorResponse.restError(status, errorCode, getMessage());
    }
}

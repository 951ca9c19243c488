package io.docusigncamel.emulator;

import java.util.Arrays;
import java.util.Locale;

/** What a scripted fault does to a matching request. Named as in the control API. */
public enum FaultAction {
    /** Answer the fault's status and body without processing the request. */
    STATUS("status"),
    /** Wait the fault's delay, then process and answer normally. */
    DELAY("delay"),
    /** Never answer and do not process: the client sees a time-out. */
    HANG("hang"),
    /** Process the request (an envelope IS created), then never answer: the lost-response case. */
    ACCEPT_THEN_HANG("accept-then-hang"),
    /** Drop the TCP connection without processing. */
    RESET("reset"),
    /** Process the request, then drop the connection instead of answering. */
    ACCEPT_THEN_RESET("accept-then-reset");

    private final String wireName;

    FaultAction(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether the request reaches the handlers before the fault acts. */
    boolean processes() {
        return this == DELAY || this == ACCEPT_THEN_HANG || this == ACCEPT_THEN_RESET;
    }

    static FaultAction fromWireName(String name) {
        return Arrays.stream(values()).filter(a -> a.wireName.equals(name.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown fault action '" + name + "'; one of "
                        + Arrays.stream(values()).map(FaultAction::wireName).toList()));
    }
}

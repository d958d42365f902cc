package cn.zikao.platform;

import java.util.List;

/**
 * 503 BUSY: a class of work is at capacity, try again after {@code Retry-After}. Nothing was spent on the way (no
 * captcha, SMS code or place in line), so the same request may simply be sent again. From a waiting room it also
 * carries the candidate's signed place in line, their position and the estimated wait.
 */
public final class Busy extends Problem {
    private final String ticket;
    private final Integer position;
    private final Integer waitSeconds;

    private Busy(int retryAfterSeconds, String ticket, Integer position, Integer waitSeconds) {
        super(503, "BUSY", "problem.busy.title", ticket == null
                ? "problem.busy.detail"
                : "problem.busy.queued", List.of(), retryAfterSeconds);
        this.ticket = ticket;
        this.position = position;
        this.waitSeconds = waitSeconds;
    }

    public static Busy retryAfter(int seconds) {
        return new Busy(Math.max(1, seconds), null, null, null);
    }

    static Busy inLine(int retryAfterSeconds, String ticket, int position, int waitSeconds) {
        return new Busy(Math.max(1, retryAfterSeconds), ticket, position, Math.max(1, waitSeconds));
    }

    /** The signed place in line to present again in {@value WaitingRoom#TICKET_HEADER}, or null. */
    String ticket() {
        return ticket;
    }

    Integer position() {
        return position;
    }

    Integer waitSeconds() {
        return waitSeconds;
    }
}

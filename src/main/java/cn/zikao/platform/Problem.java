package cn.zikao.platform;

import java.util.List;

/**
 * A typed domain error. The failure handler turns it into RFC 9457 problem+json with the stable {@code code}
 * that clients match on; title and detail are catalogue keys ({@link Texts}, or {@link Texts#of} with arguments)
 * that the handler renders in the candidate's language, fit to show a candidate, and never carry personal data.
 */
public class Problem extends RuntimeException {
    private final int status;
    private final String code;
    private final String title;
    private final List<FieldError> errors;
    private final Integer retryAfterSeconds;

    public Problem(int status, String code, String title, String detail) {
        this(status, code, title, detail, List.of(), null);
    }

    public Problem(int status, String code, String title, String detail, List<FieldError> errors, Integer retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static Problem validation(List<FieldError> errors) {
        return new Problem(400, "VALIDATION", "problem.validation.title", "problem.validation.detail", errors, null);
    }

    public static Problem validation(String field, String code, String message) {
        return validation(List.of(new FieldError(field, code, message)));
    }

    public static Problem notFound() {
        return new Problem(404, "NOT_FOUND", "problem.not-found.title", "problem.not-found.detail");
    }

    public static Problem unauthenticated() {
        return new Problem(401, "UNAUTHENTICATED", "problem.unauthenticated.title", "problem.unauthenticated.detail");
    }

    public static Problem unavailable() {
        return new Problem(503, "SERVICE_UNAVAILABLE", "problem.service-unavailable.title", "problem.service-unavailable.detail", List.of(), 5);
    }

    public static Problem tooMany(String code, String title, String detail, int retryAfterSeconds) {
        return new Problem(429, code, title, detail, List.of(), retryAfterSeconds);
    }

    public static Problem conflict(String code, String title, String detail) {
        return new Problem(409, code, title, detail);
    }
}

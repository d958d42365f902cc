package cn.zikao.platform;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Refuses a body of another media type than the operation's, before it is read: 415 {@code UNSUPPORTED_MEDIA_TYPE}.
 * A cross-site form or a {@code no-cors} fetch can send {@code text/plain} or a form encoding without a preflight, never
 * {@code application/json}; so a JSON route that took any type would let another site post to it in a victim's browser
 * (a login into the attacker's account). A request with no body and no type is left to the operation.
 */
final class BodyMediaType implements Handler<RoutingContext> {
    private final String expected;

    private BodyMediaType(String expected) {
        this.expected = expected;
    }

    static BodyMediaType json() {
        return new BodyMediaType("application/json");
    }

    static BodyMediaType multipart() {
        return new BodyMediaType("multipart/form-data");
    }

    static Problem unsupported(String expected) {
        return new Problem(415, "UNSUPPORTED_MEDIA_TYPE", "problem.body-media-type.title",
                Texts.of("problem.body-media-type.detail", expected));
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String type = req.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null ? hasBody(req) : !expected.equals(essence(type))) {
            ctx.fail(unsupported(expected));
            return;
        }
        ctx.next();
    }

    private static boolean hasBody(HttpServerRequest req) {
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        return req.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || length != null && !"0".equals(length.trim());
    }

    /** {@code Application/JSON; charset=utf-8} → {@code application/json}. */
    static String essence(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}

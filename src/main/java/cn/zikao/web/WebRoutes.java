package cn.zikao.web;

import cn.zikao.platform.Texts;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Serves the candidate pages from memory: {@code /} is the home page, {@code /x.html} a page, {@code /assets/...}
 * their styles, scripts and images. Pages are revalidated on every visit (ETag → 304); an asset asked for under
 * its current {@code ?v=} version is cached for a year. Compression comes from the server (gzip when asked).
 */
final class WebRoutes implements Handler<Router> {
    static final String PAGE_POLICY = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    static final String LANG_COOKIE = "zk_lang";
    private static final String YEAR = "public, max-age=31536000, immutable";

    private final Webroot webroot;

    private WebRoutes(Webroot webroot) {
        this.webroot = webroot;
    }

    /** Reads the pages once; call at start-up from a plain thread. */
    static WebRoutes load() {
        return new WebRoutes(Webroot.load());
    }

    @Override
    public void handle(Router router) {
        router.route().method(HttpMethod.GET).method(HttpMethod.HEAD).pathRegex("/|/[\\w-]+\\.html|/assets/[\\w.-]+")
                .handler(this::serve);
    }

    private void serve(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        String lang = language(ctx);
        Webroot.Asset asset = webroot.find("/".equals(path) ? "/index.html" : path, lang);
        if (asset == null) {
            ctx.next();
            return;
        }
        HttpServerResponse res = ctx.response();
        MultiMap h = res.headers();
        h.set(HttpHeaders.CONTENT_TYPE, asset.contentType()).set(HttpHeaders.ETAG, asset.etag())
                .set("X-Content-Type-Options", "nosniff").set(HttpHeaders.VARY, "Accept-Encoding");
        if (asset.page()) {
            h.set(HttpHeaders.VARY, "Accept-Encoding, Cookie").set("Content-Language", lang);
            h.set(HttpHeaders.CACHE_CONTROL, "no-cache").set("Content-Security-Policy", PAGE_POLICY)
                    .set("Referrer-Policy", "same-origin").set("X-Frame-Options", "DENY");
        } else {
            h.set(HttpHeaders.CACHE_CONTROL, asset.version().equals(ctx.request().getParam("v")) ? YEAR : "no-cache");
        }
        if (matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), asset.etag())) {
            res.setStatusCode(304).end();
        } else if (ctx.request().method() == HttpMethod.HEAD) {
            res.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(asset.body().length())).end();
        } else {
            res.end(asset.body());
        }
    }

    /**
     * The page's language: {@code ?lang=bo} or {@code ?lang=zh-CN} chooses it and is remembered in the {@code zk_lang}
     * cookie for a year; without it the cookie says, and Chinese when neither does.
     */
    private static String language(RoutingContext ctx) {
        String asked = Texts.known(ctx.request().getParam("lang"));
        if (asked != null) {
            ctx.response().addCookie(Cookie.cookie(LANG_COOKIE, asked).setPath("/").setMaxAge(365L * 24 * 3600)
                    .setSameSite(CookieSameSite.LAX));
            return asked;
        }
        Cookie c = ctx.request().getCookie(LANG_COOKIE);
        String remembered = c == null ? null : Texts.known(c.getValue());
        return remembered != null ? remembered : Texts.ZH;
    }

    /** If-None-Match may list several tags, and a cache on the way may have made them weak (W/"..."). */
    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}

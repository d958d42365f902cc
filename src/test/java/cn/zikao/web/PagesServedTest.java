package cn.zikao.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PagesServedTest {
    @RegisterExtension
    static final TestApp app = TestApp.create();

    private static final Webroot WEBROOT = Webroot.load();
    private static final Pattern ASSET_REF = Pattern.compile("(?:href|src)=\"(/assets/[\\w.-]+)\\?v=([0-9a-f]+)\"");
    private static final Pattern IMPORT = Pattern.compile("(?:from\\s*|import\\s*\\(?\\s*)['\"]\\./([\\w.-]+\\.js)\\?v=[0-9a-f]+['\"]");
    private static final Pattern URL = Pattern.compile("(xmlns=\")?(https?://[^\\s\"'<>)]+)");
    private static final Pattern CONTROL = Pattern.compile("<(input|select|textarea)\\b([^>]*)>");
    private static final Pattern LABELLED = Pattern.compile("<label\\b[^>]*>.*?</label>", Pattern.DOTALL);
    private static final Pattern PLAN_FACT = Pattern.compile("<span data-plan=\"(\\w+)\">([^<]*)</span>");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "svg", "image/svg+xml");
    private static final List<String> PAGES = List.of("/index.html", "/register.html", "/complete.html", "/login.html",
            "/profile.html", "/enroll.html", "/orders.html", "/exams.html", "/logout.html");

    @Test
    @DisplayName("every page and asset is served with its content type, an ETag and nosniff; / is the home page")
    void everyFileIsServed() {
        assertTrue(WEBROOT.all().keySet().containsAll(PAGES), WEBROOT.all().keySet().toString());
        for (Webroot.Asset a : WEBROOT.all().values()) {
            Api.Reply r = app.api().get(a.path());
            assertEquals(200, r.status(), a.path());
            assertEquals(TYPES.get(a.path().substring(a.path().lastIndexOf('.') + 1)), r.header("Content-Type"), a.path());
            assertEquals(a.etag(), r.header("ETag"), a.path());
            assertEquals("nosniff", r.header("X-Content-Type-Options"), a.path());
            assertArrayEquals(a.body().getBytes(), r.raw(), a.path());
        }
        Api.Reply home = app.api().get("/");
        assertEquals(200, home.status());
        assertEquals(WEBROOT.find("/index.html").etag(), home.header("ETag"));
    }

    @Test
    @DisplayName("?lang=bo serves the page in Tibetan and remembers it in zk_lang; the cookie chooses it after; Chinese by default")
    void languageIsChosenAndRemembered() {
        Api.Reply zh = app.api().get("/login.html");
        assertTrue(zh.text().contains("<html lang=\"zh-CN\">") && zh.text().contains("<h1>考生登录</h1>"), zh.text());
        assertEquals(null, zh.header("Set-Cookie"));
        Api.Reply bo = app.api().get("/login.html?lang=bo");
        assertTrue(bo.text().contains("<html lang=\"bo\">") && bo.text().contains("<h1>རྒྱུགས་ལེན་པ་ནང་འཛུལ།</h1>"), bo.text());
        assertTrue(bo.header("Set-Cookie").startsWith("zk_lang=bo;"), bo.header("Set-Cookie"));
        assertEquals("bo", bo.header("Content-Language"));
        assertTrue(!bo.header("ETag").equals(zh.header("ETag")), "each language has its own ETag");
        Api.Reply remembered = app.api().get("/login.html", "Cookie", "zk_lang=bo");
        assertEquals(bo.text(), remembered.text());
        assertEquals(zh.text(), app.api().get("/login.html?lang=zh-CN", "Cookie", "zk_lang=bo").text());
        assertEquals(zh.text(), app.api().get("/login.html", "Cookie", "zk_lang=xx").text());
        assertTrue(bo.text().contains("\"api.network.title\":\"དྲ་རྒྱ་འབྲེལ་མཐུད་བྱེད་མ་ཐུབ།\""), "script texts in the page's language");
        for (String page : PAGES) {
            String html = app.api().get(page + "?lang=bo").text();
            assertTrue(html.contains("class=\"lang-switch\"") && html.contains("<html lang=\"bo\">"), page);
        }
    }

    @Test
    @DisplayName("the API answers title and detail in Tibetan to Accept-Language: bo, with the same code")
    void problemsInTibetan() {
        JsonObject zh = app.api().get("/api/v1/me").json();
        JsonObject bo = app.api().get("/api/v1/me", "Accept-Language", "bo").json();
        assertEquals("UNAUTHENTICATED", zh.getString("code"));
        assertEquals("UNAUTHENTICATED", bo.getString("code"));
        assertEquals("请先登录", zh.getString("title"));
        assertEquals("སྔོན་ལ་ནང་འཛུལ་གནང་རོགས།", bo.getString("title"));
        assertEquals("ནང་འཛུལ་གྱི་ནུས་ཚད་རྫོགས་པའམ་ད་དུང་ནང་འཛུལ་བྱས་མེད། ཡང་བསྐྱར་ནང་འཛུལ་གནང་རོགས།", bo.getString("detail"));
    }

    @Test
    @DisplayName("a page is revalidated every time and answers 304 to its ETag; it forbids loading anything from elsewhere")
    void pagesRevalidate() {
        for (String page : PAGES) {
            Api.Reply r = app.api().get(page);
            assertEquals("no-cache", r.header("Cache-Control"), page);
            assertTrue(r.header("Content-Security-Policy").startsWith("default-src 'self'"), page);
            Api.Reply again = app.api().get(page, "If-None-Match", r.header("ETag"));
            assertEquals(304, again.status(), page);
            assertEquals(0, again.raw().length, page);
            assertEquals(200, app.api().get(page, "If-None-Match", "\"stale\"").status(), page);
        }
    }

    @Test
    @DisplayName("assets are referenced under their content hash and cached for a year under it, revalidated otherwise")
    void versionedAssetsAreImmutable() {
        Set<String> seen = new LinkedHashSet<>();
        for (String page : PAGES) {
            Matcher m = ASSET_REF.matcher(app.api().get(page).text());
            while (m.find()) {
                Webroot.Asset a = WEBROOT.find(m.group(1));
                assertNotNull(a, page + " refers to " + m.group(1));
                assertEquals(a.version(), m.group(2), page + " " + m.group(1));
                Api.Reply r = app.api().get(m.group(1) + "?v=" + m.group(2));
                assertEquals("public, max-age=31536000, immutable", r.header("Cache-Control"), m.group(1));
                assertEquals(304, app.api().get(m.group(1) + "?v=" + m.group(2), "If-None-Match", a.etag()).status());
                seen.add(m.group(1));
            }
        }
        assertTrue(seen.contains("/assets/site.css"), seen.toString());
        assertEquals("no-cache", app.api().get("/assets/site.css").header("Cache-Control"));
        assertEquals("no-cache", app.api().get("/assets/site.css?v=000000000000").header("Cache-Control"));
        String ui = WEBROOT.find("/assets/ui.js").body().toString();
        assertTrue(ui.contains("from './api.js?v=" + WEBROOT.find("/assets/api.js").version() + "'"), "module imports carry versions");
    }

    @Test
    @DisplayName("pages, styles and scripts are gzipped when the browser asks and sent plain when it does not")
    void compressedWhenAsked() throws IOException {
        for (String path : List.of("/register.html", "/assets/site.css", "/assets/register.js")) {
            Api.Reply gz = app.api().get(path, "Accept-Encoding", "gzip");
            assertEquals("gzip", gz.header("Content-Encoding"), path);
            byte[] plain;
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.raw()))) {
                plain = in.readAllBytes();
            }
            assertArrayEquals(WEBROOT.find(path).body().getBytes(), plain, path);
            assertTrue(gz.raw().length < plain.length / 2, path + " compresses to " + gz.raw().length + " of " + plain.length);
            assertEquals(null, app.api().get(path).header("Content-Encoding"), path);
        }
    }

    @Test
    @DisplayName("each page with all its styles and scripts (module imports included) is under 100 KB before compression, "
            + "in Chinese and in Tibetan")
    void pagesAreLight() {
        for (String lang : List.of("zh-CN", "bo")) {
            for (String page : PAGES) {
                light(page, lang);
            }
        }
    }

    private static void light(String page, String lang) {
        Set<String> files = new LinkedHashSet<>(List.of(page));
        List<String> todo = new ArrayList<>();
        Matcher m = ASSET_REF.matcher(WEBROOT.find(page, lang).body().toString());
        while (m.find()) {
            todo.add(m.group(1));
        }
        while (!todo.isEmpty()) {
            String f = todo.remove(0);
            if (files.add(f) && f.endsWith(".js")) {
                Matcher i = IMPORT.matcher(WEBROOT.find(f).body().toString());
                while (i.find()) {
                    todo.add("/assets/" + i.group(1));
                }
            }
        }
        int total = files.stream().mapToInt(f -> WEBROOT.find(f, lang).body().length()).sum();
        assertTrue(total < 100 * 1024, page + " in " + lang + " weighs " + total + " bytes: " + files);
        assertTrue(files.contains("/assets/site.css") && files.contains("/assets/ui.js"), page + " " + files);
    }

    @Test
    @DisplayName("no file refers to another host, and every page is Chinese with a phone viewport")
    void nothingFromElsewhere() {
        for (Webroot.Asset a : WEBROOT.all().values()) {
            if (!a.contentType().startsWith("text/") && !a.contentType().startsWith("image/svg")) {
                continue;
            }
            Matcher m = URL.matcher(a.body().toString(StandardCharsets.UTF_8));
            while (m.find()) {
                assertTrue(m.group(1) != null && m.group(2).equals("http://www.w3.org/2000/svg"),
                        a.path() + " refers to " + m.group(2));
            }
        }
        for (String page : PAGES) {
            String html = WEBROOT.find(page).body().toString();
            assertTrue(html.contains("<html lang=\"zh-CN\">"), page);
            assertTrue(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"), page);
            assertEquals(1, html.split("rel=\"stylesheet\"", -1).length - 1, page + " has one stylesheet");
        }
    }

    @Test
    @DisplayName("every input, select and textarea of every page has a label")
    void everyInputIsLabelled() {
        for (String page : PAGES) {
            String html = WEBROOT.find(page).body().toString();
            List<int[]> wrapped = new ArrayList<>();
            Matcher l = LABELLED.matcher(html);
            while (l.find()) {
                wrapped.add(new int[] {l.start(), l.end()});
            }
            Matcher c = CONTROL.matcher(html);
            while (c.find()) {
                String attrs = c.group(2);
                if (attrs.contains("type=\"hidden\"")) {
                    continue;
                }
                int at = c.start();
                boolean inside = wrapped.stream().anyMatch(w -> w[0] < at && at < w[1]);
                Matcher id = Pattern.compile("\\bid=\"([^\"]+)\"").matcher(attrs);
                boolean forId = id.find() && html.contains("<label for=\"" + id.group(1) + "\"");
                assertTrue(inside || forId, page + ": unlabelled <" + c.group(1) + c.group(2) + ">");
            }
        }
    }

    @Test
    @DisplayName("no page, style or script writes out a fee, the order hold time or an SMS limit: they come from the API")
    void noConfigurationRestated() {
        JsonObject plan = app.api().get("/api/v1/plan").json();
        Set<Integer> fees = new TreeSet<>();
        plan.getJsonArray("sittings").stream().map(JsonObject.class::cast).forEach(s -> {
            fees.add(s.getInteger("registrationFeeFen"));
            s.getJsonArray("majors").stream().map(JsonObject.class::cast).flatMap(m -> m.getJsonArray("courses").stream())
                    .forEach(c -> fees.add(((JsonObject) c).getInteger("feeFen")));
        });
        int hold = plan.getInteger("orderHoldSeconds");
        // each value as the raw figure (分, seconds) and as a page would word it (40 元, ¥40.00, 30 分钟, 60 秒)
        List<Pattern> restated = new ArrayList<>();
        for (int fen : fees) {
            restated.add(figure(fen));
            restated.add(Pattern.compile("(?<![\\d.])" + fen / 100 + "(\\.\\d{1,2})?\\s*元"));
            restated.add(Pattern.compile("[¥￥]\\s*" + fen / 100 + "(?!\\d)"));
        }
        restated.add(figure(hold));
        restated.add(Pattern.compile("(?<![\\d.])" + hold / 60 + "\\s*分钟"));
        restated.add(Pattern.compile("(?<![\\d.])" + app.config().sms().cooldownSeconds() + "\\s*秒"));
        restated.add(Pattern.compile("(?<![\\d.])" + app.config().sms().dailyLimit() + "\\s*次"));
        List<String> found = new ArrayList<>();
        for (Webroot.Asset a : WEBROOT.all().values()) {
            if (a.contentType().startsWith("text/")) {
                String text = a.body().toString(StandardCharsets.UTF_8);
                for (Pattern p : restated) {
                    Matcher m = p.matcher(text);
                    while (m.find()) {
                        found.add(a.path() + ": " + m.group());
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    @DisplayName("a value from the plan sits in a data-plan element whose own text reads well without it: no figure, no blank")
    void planFactsReadWithoutThePlan() {
        Set<String> kinds = new TreeSet<>();
        for (String page : PAGES) {
            String html = WEBROOT.find(page).body().toString();
            Matcher m = PLAN_FACT.matcher(html);
            int n = 0;
            while (m.find()) {
                n++;
                kinds.add(m.group(1));
                assertFalse(m.group(2).isBlank() || m.group(2).matches(".*\\d.*"), page + ": " + m.group());
            }
            assertEquals(count(html, "data-plan="), n, page + ": every data-plan element is a plain span");
        }
        assertEquals(Set.of("courseFee", "orderHold", "registrationFee"), kinds);
    }

    /** A partial's {@code #{key}} texts as the Chinese page shows them. */
    private static String chinese(String partial) {
        return Pattern.compile("#\\{([\\w.-]+)}").matcher(partial)
                .replaceAll(m -> Matcher.quoteReplacement(cn.zikao.platform.Texts.text("zh-CN", m.group(1))));
    }

    @Test
    @DisplayName("every page carries the shared header and footer once, inlined with its own nav link current; partials are not served")
    void sharedPartsInlined() throws IOException {
        String header = chinese(partial("header"));
        String footer = chinese(partial("footer"));
        for (String page : PAGES) {
            String html = WEBROOT.find(page).body().toString();
            String own = "<a href=\"" + page + "\">";
            assertTrue(header.contains(own), page + " is in the navigation");
            String current = header.replace(own, "<a href=\"" + page + "\" aria-current=\"page\">");
            assertEquals(1, count(html, current), page + " header");
            assertEquals(1, count(html, "<header"), page);
            assertEquals(1, count(html, "aria-current="), page);
            assertEquals(1, count(html, footer), page + " footer");
            assertFalse(html.contains("<!-- include:"), page);
        }
        assertTrue(WEBROOT.all().keySet().stream().noneMatch(p -> p.startsWith("/_partials/")), WEBROOT.all().keySet()::toString);
        assertEquals(404, app.api().get("/_partials/header.html").status());
    }

    @Test
    @DisplayName("a partial's parameters are written in: 考生信息 has the basic fields under b-, 新生注册 without; no {{ is left")
    void partialParametersWrittenIn() {
        String profile = WEBROOT.find("/profile.html").body().toString();
        String register = WEBROOT.find("/register.html").body().toString();
        for (String id : List.of("gender-M", "ethnicity", "politicalStatus", "hukou-RURAL", "occupation", "inSchool-true",
                "education", "graduationDate", "unit")) {
            assertTrue(profile.contains("id=\"b-" + id + "\""), "profile b-" + id);
            assertTrue(register.contains("id=\"" + id + "\""), "register " + id);
            assertFalse(register.contains("id=\"b-" + id + "\""), "register b-" + id);
        }
        assertTrue(profile.contains("<label for=\"b-ethnicity\" class=\"req\">民族</label>"), "label and control agree");
        assertTrue(register.contains("<title>新生注册 - "), "page title");
        for (String page : PAGES) {
            String html = WEBROOT.find(page).body().toString();
            assertFalse(html.contains("{{") || html.contains("}}"), page);
            assertTrue(html.startsWith("<!doctype html>\n<html lang=\"zh-CN\">\n<head>"), page);
        }
    }

    @Test
    @DisplayName("an include gives its partial exactly the parameters it writes, nested and quoted, assets hashed after")
    void parameterisedInclude() {
        Webroot w = Webroot.of(files("/a.html", "<!-- include: field prefix=b- label=\"新 证件照\" -->",
                "/_partials/field.html", "<label for=\"{{prefix}}x\">{{label}}</label>\n"
                        + "<!-- include: script name=\"{{prefix}}s\" -->",
                "/_partials/script.html", "<script src=\"/assets/{{name}}.js\"></script>", "/assets/b-s.js", "//"));
        assertEquals("<label for=\"b-x\">新 证件照</label>\n<script src=\"/assets/b-s.js?v="
                + w.find("/assets/b-s.js").version() + "\"></script>", w.find("/a.html").body().toString());
        Webroot empty = Webroot.of(files("/a.html", "<!-- include: p prefix=\"\" -->", "/_partials/p.html", "<i{{prefix}}></i>"));
        assertEquals("<i></i>", empty.find("/a.html").body().toString(), "an empty value in quotes");
    }

    @Test
    @DisplayName("a missing partial, a parameter unknown, missing or twice, a marker that does not read, a {{ in a page: loading stops")
    void badIncludeRefused() {
        String partial = "<i id=\"{{prefix}}x\"></i>";
        Map<String, String> refused = Map.of(
                "<!-- include: nope -->", "/a.html includes a missing partial nope",
                "<!-- include: p prefix=b- size=2 -->", "/a.html includes p with unknown [size]; p takes [prefix]",
                "<!-- include: p -->", "/a.html includes p without [prefix]; p takes [prefix]",
                "<!-- include: p prefix=b- prefix=c- -->", "/a.html includes p with prefix twice",
                "<!-- include: p prefix= -->", "/a.html has a marker that does not read as <!-- include: name key=value … -->: "
                        + "<!-- include: p prefix= -->",
                "<!-- include: q -->", "/a.html (in q) includes p without [prefix]; p takes [prefix]",
                "<!-- include: r -->", "/a.html (in r) includes r within itself",
                "<p>{{prefix}}</p>", "/a.html has a {{ placeholder outside a partial");
        refused.forEach((page, message) -> {
            Map<String, byte[]> files = files("/a.html", page, "/_partials/p.html", partial,
                    "/_partials/q.html", "<!-- include: p -->", "/_partials/r.html", "<!-- include: r -->");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Webroot.of(files), page);
            assertEquals(message, e.getMessage(), page);
        });
    }

    @Test
    @DisplayName("an unknown page is a 404 NOT_FOUND problem, and the API still answers next to the pages")
    void unknownPage() {
        Api.Reply r = app.api().get("/nope.html");
        assertEquals(404, r.status());
        assertEquals("NOT_FOUND", r.code());
        assertEquals(404, app.api().get("/assets/nope.js").status());
        assertEquals(200, app.api().get("/api/v1/plan").status());
    }

    /** A number standing alone: not part of a longer number, a word or a colour. */
    private static Pattern figure(int n) {
        return Pattern.compile("(?<![\\w.#])" + n + "(?!\\d)");
    }

    private static Map<String, byte[]> files(String... pathThenText) {
        Map<String, byte[]> files = new HashMap<>();
        for (int i = 0; i < pathThenText.length; i += 2) {
            files.put(pathThenText[i], pathThenText[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    private static String partial(String name) throws IOException {
        String path = Webroot.ROOT + "/_partials/" + name + ".html";
        try (InputStream in = PagesServedTest.class.getClassLoader().getResourceAsStream(path)) {
            assertNotNull(in, path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }
}

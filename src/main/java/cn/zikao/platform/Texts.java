package cn.zikao.platform;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The message catalogue: every text a candidate reads (pages, page scripts, problems, SMS, the 准考证), one file per
 * language under {@code texts/} keyed by stable ids ({@code problem.captcha-wrong.title}, {@code page.login.h1}).
 * Code names a key, never the words; a key's arguments are written {@code {0}}, {@code {1}}. A text that is not a
 * key (an old literal) is shown as it is.
 *
 * <p>A reference with arguments travels as one string, {@link #of(String, Object...)}, so a {@link Problem}'s title
 * and detail stay plain strings until the failure handler renders them in the request's language.
 */
public final class Texts {
    public static final String ZH = "zh-CN";
    public static final String BO = "bo";
    public static final List<String> LANGUAGES = List.of(ZH, BO);
    private static final char SEP = '\u001f';
    private static final Map<String, Map<String, String>> CATALOGUES = load();

    private Texts() {}

    /** A reference to {@code key} with its arguments, rendered later by {@link #text(String, String)}. */
    public static String of(String key, Object... args) {
        StringBuilder sb = new StringBuilder(key);
        for (Object a : args) {
            sb.append(SEP).append(a);
        }
        return sb.toString();
    }

    /** The key, or the reference made by {@link #of}, in {@code lang}; a text that is no key comes back unchanged. */
    public static String text(String lang, String ref) {
        if (ref == null) {
            return null;
        }
        String[] parts = ref.split(String.valueOf(SEP), -1);
        String pattern = catalogue(lang).get(parts[0]);
        if (pattern == null) {
            pattern = CATALOGUES.get(ZH).get(parts[0]);
        }
        if (pattern == null) {
            return parts.length == 1 ? ref : String.join("", parts);
        }
        String out = pattern;
        for (int i = 1; i < parts.length; i++) {
            out = out.replace("{" + (i - 1) + "}", parts[i]);
        }
        return out;
    }

    /** Every key of {@code lang} with its text, ordered by key. */
    public static Map<String, String> catalogue(String lang) {
        Map<String, String> c = CATALOGUES.get(lang);
        return c != null ? c : CATALOGUES.get(ZH);
    }

    /** The supported language of an {@code Accept-Language} header (highest q first; {@code zh-CN} when none fits). */
    public static String fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return ZH;
        }
        String best = ZH;
        double bestQ = -1;
        for (String item : header.split(",")) {
            String[] parts = item.trim().split(";");
            String tag = parts[0].trim().toLowerCase();
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            String lang = tag.equals("bo") || tag.startsWith("bo-") ? BO : tag.equals("zh") || tag.startsWith("zh-") ? ZH : null;
            if (lang != null && q > 0 && q > bestQ) {
                best = lang;
                bestQ = q;
            }
        }
        return best;
    }

    /**
     * The language of a request that is not a page: what {@code Accept-Language} asks for when it names Tibetan or
     * Chinese, else the {@code zk_lang} cookie's (the language the candidate chose on the pages), else Chinese.
     */
    public static String ofRequest(HttpServerRequest request) {
        Cookie c = request.getCookie("zk_lang");
        return ofRequest(request.getHeader("Accept-Language"), c == null ? null : c.getValue());
    }

    /** As {@link #ofRequest(HttpServerRequest)}, from the header and the cookie's value. */
    public static String ofRequest(String acceptLanguage, String cookie) {
        String header = acceptLanguage == null ? "" : acceptLanguage.toLowerCase();
        boolean named = header.matches("(?s).*\\b(bo|zh)\\b.*");
        String remembered = known(cookie);
        return named || remembered == null ? fromAcceptLanguage(acceptLanguage) : remembered;
    }

    /** {@code bo} or {@code zh-CN} for a cookie or query value, else null. */
    public static String known(String value) {
        if (value == null) {
            return null;
        }
        return value.equalsIgnoreCase(BO) ? BO : value.equalsIgnoreCase(ZH) || value.equalsIgnoreCase("zh") ? ZH : null;
    }

    private static Map<String, Map<String, String>> load() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String lang : LANGUAGES) {
            String name = "texts/" + lang + ".properties";
            try (InputStream in = Texts.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("no " + name + " on the classpath");
                }
                Properties p = new Properties();
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                Map<String, String> c = new TreeMap<>();
                p.stringPropertyNames().forEach(k -> c.put(k, p.getProperty(k)));
                out.put(lang, Map.copyOf(c).isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(c));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Map.copyOf(out);
    }
}

package cn.zikao.web;

import cn.zikao.platform.Texts;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The pages and their assets, read once from {@code webroot/} on the classpath and held in memory. Every
 * reference to an asset (in a page, or a module import) gets {@code ?v=<content hash>}, so an asset can be
 * cached for a year and a changed one is fetched under a new address; a module's hash covers the modules it
 * imports, so a change anywhere below a page gives the page new addresses all the way down.
 *
 * <p>What pages share (the head, the header with its navigation, the footer, notices, form fields, dialogs) is
 * written once under {@code _partials/}, which is not served: a page's {@code <!-- include: header -->} is replaced
 * by {@code _partials/header.html} before the page is hashed, and the page's own link in it is marked
 * {@code aria-current="page"}, so the markup arrives whole and needs no script. A marker may give its partial
 * parameters, {@code <!-- include: basic-info prefix=b- -->} (a value with spaces, or none, in quotes:
 * {@code prefix=""}), which the partial writes as {@code {{prefix}}}; a partial may include others, one a parameter
 * names too. A marker gives exactly the parameters its partial writes: a missing partial, a missing or unknown
 * parameter, or a marker that does not read stops start-up.
 */
final class Webroot {
    static final String ROOT = "webroot";
    private static final String PARTIALS = "/_partials/";
    private static final Pattern INCLUDE = Pattern.compile("<!-- include: (.*?) -->");
    private static final Pattern CALL = Pattern.compile("([\\w-]+)((?: [\\w-]+=(?:\"[^\"]*\"|[^\\s\"]+))*)");
    private static final Pattern PARAM = Pattern.compile(" ([\\w-]+)=(?:\"([^\"]*)\"|([^\\s\"]+))");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([\\w-]+)}}");
    private static final Pattern PAGE_REF = Pattern.compile("(href|src)=\"(/assets/[\\w.-]+)\"");
    private static final Pattern MODULE_IMPORT = Pattern.compile("(from\\s*|import\\s*\\(?\\s*)(['\"])\\./([\\w.-]+\\.js)\\2");

    /** One file as served: its bytes after the version rewrite, its type and its version (hash of those bytes). */
    record Asset(String path, Buffer body, String contentType, String version) {
        public String etag() {
            return "\"" + version + "\"";
        }

        public boolean page() {
            return path.endsWith(".html");
        }
    }

    private static final Pattern TEXT = Pattern.compile("#\\{([\\w.@-]+)}");
    /** What page scripts read: the catalogue's {@code js.*} texts of the page's language, in the page itself. */
    static final String SCRIPT_TEXTS = "@script-texts";
    static final String LANG = "@lang";

    private final Map<String, Asset> assets;
    private final Map<String, Map<String, Asset>> pages;

    private Webroot(Map<String, Asset> assets, Map<String, Map<String, Asset>> pages) {
        this.assets = assets;
        this.pages = pages;
    }

    /** Reads every file under {@code webroot/}; call once at start-up, off the event loop. */
    static Webroot load() {
        return of(readAll());
    }

    /** The webroot made of these files (path from '/' to bytes), partials under {@code /_partials/}. */
    static Webroot of(Map<String, byte[]> files) {
        Map<String, byte[]> raw = new HashMap<>(files);
        Map<String, String> partials = new HashMap<>();
        for (String p : List.copyOf(raw.keySet())) {
            if (p.startsWith(PARTIALS)) {
                partials.put(p.substring(PARTIALS.length()), new String(raw.remove(p), StandardCharsets.UTF_8).strip());
            }
        }
        Map<String, Asset> out = new HashMap<>();
        raw.keySet().stream().filter(p -> !p.endsWith(".html")).forEach(p -> resolve(p, raw, out));
        Map<String, Map<String, Asset>> pages = new HashMap<>();
        for (String lang : Texts.LANGUAGES) {
            pages.put(lang, new HashMap<>());
        }
        raw.forEach((path, bytes) -> {
            if (path.endsWith(".html")) {
                String page = inline(path, new String(bytes, StandardCharsets.UTF_8), partials, List.of());
                String html = rewrite(PAGE_REF, page, m -> {
                    Asset a = out.get(m.group(2));
                    if (a == null) {
                        throw new IllegalStateException(path + " refers to a missing asset " + m.group(2));
                    }
                    return m.group(1) + "=\"" + m.group(2) + "?v=" + a.version() + "\"";
                });
                for (String lang : Texts.LANGUAGES) {
                    pages.get(lang).put(path, asset(path, translate(path, html, lang).getBytes(StandardCharsets.UTF_8)));
                }
            }
        });
        pages.replaceAll((lang, m) -> Map.copyOf(m));
        return new Webroot(Map.copyOf(out), Map.copyOf(pages));
    }

    /** The file served at {@code path} (starting with '/'), a page in Chinese, or null. */
    Asset find(String path) {
        return find(path, Texts.ZH);
    }

    /** The file served at {@code path}, a page in {@code lang} ({@code zh-CN} or {@code bo}), or null. */
    Asset find(String path, String lang) {
        Asset a = assets.get(path);
        if (a != null) {
            return a;
        }
        Map<String, Asset> in = pages.get(lang);
        return (in != null ? in : pages.get(Texts.ZH)).get(path);
    }

    /** Every asset and the Chinese pages. */
    Map<String, Asset> all() {
        return all(Texts.ZH);
    }

    Map<String, Asset> all(String lang) {
        Map<String, Asset> m = new TreeMap<>(assets);
        m.putAll(pages.get(lang));
        return m;
    }

    /**
     * The page with each {@code #{key}} replaced by the catalogue's text of {@code lang} (HTML-escaped), {@code #{@lang}}
     * by the language and {@code #{@script-texts}} by the {@code js.*} texts as JSON; a key missing from the catalogue
     * stops start-up.
     */
    private static String translate(String path, String html, String lang) {
        Map<String, String> texts = Texts.catalogue(lang);
        return rewrite(TEXT, html, m -> {
            String key = m.group(1);
            if (key.equals(LANG)) {
                return lang;
            }
            if (key.equals(SCRIPT_TEXTS)) {
                return scriptTexts(lang);
            }
            String t = texts.get(key);
            if (t == null) {
                throw new IllegalStateException(path + " shows a text missing from the " + lang + " catalogue: " + key);
            }
            return escape(t);
        });
    }

    static String scriptTexts(String lang) {
        StringBuilder sb = new StringBuilder("{");
        Texts.catalogue(lang).forEach((k, v) -> {
            if (k.startsWith("js.")) {
                if (sb.length() > 1) {
                    sb.append(',');
                }
                sb.append(jsonString(k.substring(3))).append(':').append(jsonString(v));
            }
        });
        return sb.append('}').toString();
    }

    private static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '<' -> sb.append("\\u003c");
                case '>' -> sb.append("\\u003e");
                case '&' -> sb.append("\\u0026");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * The page with each include marker replaced by its partial with the marker's parameters written in (and the
     * partials that one includes, {@code within} those already open), the page's own navigation link marked current.
     */
    private static String inline(String page, String html, Map<String, String> partials, List<String> within) {
        String where = within.isEmpty() ? page : page + " (in " + String.join(" > ", within) + ")";
        String out = rewrite(INCLUDE, html, m -> {
            Matcher call = CALL.matcher(m.group(1));
            if (!call.matches()) {
                throw new IllegalStateException(where
                        + " has a marker that does not read as <!-- include: name key=value … -->: " + m.group());
            }
            String name = call.group(1);
            String partial = partials.get(name + ".html");
            if (partial == null) {
                throw new IllegalStateException(where + " includes a missing partial " + name);
            }
            if (within.contains(name)) {
                throw new IllegalStateException(where + " includes " + name + " within itself");
            }
            Map<String, String> given = new LinkedHashMap<>();
            Matcher p = PARAM.matcher(call.group(2));
            while (p.find()) {
                if (given.put(p.group(1), p.group(2) != null ? p.group(2) : p.group(3)) != null) {
                    throw new IllegalStateException(where + " includes " + name + " with " + p.group(1) + " twice");
                }
            }
            Set<String> takes = new TreeSet<>();
            PLACEHOLDER.matcher(partial).results().forEach(r -> takes.add(r.group(1)));
            if (!takes.equals(given.keySet())) {
                Set<String> unknown = new TreeSet<>(given.keySet());
                unknown.removeAll(takes);
                Set<String> missing = new TreeSet<>(takes);
                missing.removeAll(given.keySet());
                throw new IllegalStateException(where + " includes " + name
                        + (unknown.isEmpty() ? "" : " with unknown " + unknown) + (missing.isEmpty() ? "" : " without " + missing)
                        + "; " + name + " takes " + takes);
            }
            List<String> open = Stream.concat(within.stream(), Stream.of(name)).toList();
            return inline(page, rewrite(PLACEHOLDER, partial, v -> given.get(v.group(1))), partials, open)
                    .replace("<a href=\"" + page + "\">", "<a href=\"" + page + "\" aria-current=\"page\">");
        });
        if (within.isEmpty() && out.contains("{{")) {
            throw new IllegalStateException(page + " has a {{ placeholder outside a partial");
        }
        return out;
    }

    private static Asset resolve(String path, Map<String, byte[]> raw, Map<String, Asset> out) {
        Asset done = out.get(path);
        if (done != null) {
            return done;
        }
        byte[] bytes = raw.get(path);
        if (bytes == null) {
            throw new IllegalStateException("missing asset " + path);
        }
        if (path.endsWith(".js")) {
            String dir = path.substring(0, path.lastIndexOf('/') + 1);
            String js = rewrite(MODULE_IMPORT, new String(bytes, StandardCharsets.UTF_8), m -> {
                Asset dep = resolve(dir + m.group(3), raw, out);
                return m.group(1) + m.group(2) + "./" + m.group(3) + "?v=" + dep.version() + m.group(2);
            });
            bytes = js.getBytes(StandardCharsets.UTF_8);
        }
        Asset a = asset(path, bytes);
        out.put(path, a);
        return a;
    }

    private static String rewrite(Pattern p, String text, java.util.function.Function<Matcher, String> with) {
        Matcher m = p.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(with.apply(m)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static Asset asset(String path, byte[] bytes) {
        return new Asset(path, Buffer.buffer(bytes), contentType(path), hash(bytes));
    }

    static String contentType(String path) {
        String ext = path.substring(path.lastIndexOf('.') + 1);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "jpg" -> "image/jpeg";
            case "ico" -> "image/x-icon";
            default -> "application/octet-stream";
        };
    }

    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, byte[]> readAll() {
        URL url = Webroot.class.getClassLoader().getResource(ROOT);
        if (url == null) {
            throw new IllegalStateException("no " + ROOT + " on the classpath");
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                    return readTree(fs.getPath(ROOT));
                }
            }
            return readTree(Path.of(uri));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, byte[]> readTree(Path root) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                files.put("/" + root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return files;
    }
}

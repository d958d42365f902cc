package cn.zikao.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The catalogues: both languages have every key, and every key the code, pages and scripts name is there. */
class TextsTest {
    private static final Pattern ARG = Pattern.compile("\\{\\d+}");
    private static final Pattern PAGE_KEY = Pattern.compile("#\\{([\\w.-]+)}");
    private static final Pattern SCRIPT_KEY = Pattern.compile("\\bt\\('([\\w.-]+)'");
    private static final Pattern JAVA_KEY = Pattern.compile("\"((?:problem|field|sms|ticket)\\.[\\w.-]*[\\w-])\"");
    private static final Pattern TIBETAN = Pattern.compile("[\\u0F00-\\u0FFF]");
    private static final Pattern CJK = Pattern.compile("[\\u3000-\\u303F\\u4E00-\\u9FFF\\uFF00-\\uFFEF]");
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");
    private static final Pattern JAVA_LITERAL = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");
    /**
     * Chinese literals in Java that no candidate reads from this service: the payment simulator's answers (it stands in
     * for WeChat Pay), seed data and its command's output, plan-file checks for operators, the order description and
     * the notification answer WeChat Pay itself reads.
     */
    private static final Map<String, Set<String>> NOT_FOR_CANDIDATES = Map.of(
            "cn/zikao/paysim/", Set.of(),
            "cn/zikao/candidate/SeedRows.java", Set.of(),
            "cn/zikao/candidate/SeedCandidates.java", Set.of("\" more 准考证号 in \"", "\" (准考证号 \""),
            "cn/zikao/plan/PlanFile.java", Set.of("\"专科|本科\"", "\"专科 or 本科\""),
            "cn/zikao/payment/OrderPayments.java", Set.of("\"高等教育自学考试报名费\""),
            "cn/zikao/payment/PaymentRoutes.java", Set.of("\"系统繁忙，请稍后重试\""));
    private static final Pattern JS_COMMENT = Pattern.compile("/\\*[\\s\\S]*?\\*/|(?m)^\\s*//.*$|(?m)\\s//\\s.*$");
    /** The values the server stores as they are (a select's option values, a field's default), not texts to show. */
    private static final Pattern STORED_VALUES = Pattern.compile("const STORED = \\{[^}]*};|\\svalue=\"[^\"]*\"");

    @Test
    @DisplayName("zh-CN and bo have the same keys, none blank, with the same arguments; bo is written in Tibetan")
    void bothLanguagesHaveEveryKey() {
        Map<String, String> zh = Texts.catalogue(Texts.ZH);
        Map<String, String> bo = Texts.catalogue(Texts.BO);
        Set<String> onlyZh = new TreeSet<>(zh.keySet());
        onlyZh.removeAll(bo.keySet());
        Set<String> onlyBo = new TreeSet<>(bo.keySet());
        onlyBo.removeAll(zh.keySet());
        assertEquals(Set.of(), onlyZh, "keys without Tibetan");
        assertEquals(Set.of(), onlyBo, "keys without Chinese");
        List<String> wrong = new ArrayList<>();
        zh.forEach((k, v) -> {
            String b = bo.get(k);
            if (v.isBlank() || b.isBlank()) {
                wrong.add(k + " is blank");
            }
            if (!args(v).equals(args(b))) {
                wrong.add(k + " has arguments " + args(v) + " in Chinese, " + args(b) + " in Tibetan");
            }
            if (!k.startsWith("page.lang.") && !TIBETAN.matcher(b).find()) {
                wrong.add(k + " has no Tibetan letters: " + b);
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    @DisplayName("every key the Java code, the pages and the page scripts name is in the catalogue")
    void everyNamedKeyExists() throws IOException {
        Set<String> missing = new TreeSet<>();
        Set<String> keys = Texts.catalogue(Texts.BO).keySet();
        scan(Path.of("src/main/java"), ".java", JAVA_KEY, "", keys, missing);
        scan(Path.of("src/main/resources/webroot"), ".html", PAGE_KEY, "", keys, missing);
        scan(Path.of("src/main/resources/webroot/assets"), ".js", SCRIPT_KEY, "js.", keys, missing);
        missing.removeIf(k -> k.startsWith("@"));
        assertEquals(Set.of(), missing);
    }

    @Test
    @DisplayName("no Java code writes a Chinese text for a candidate: problems and field errors name catalogue keys")
    void javaShowsOnlyKeys() throws IOException {
        Path root = Path.of("src/main/java");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(x -> x.toString().endsWith(".java"))::iterator) {
                String name = root.relativize(f).toString().replace('\\', '/');
                Set<String> allowed = NOT_FOR_CANDIDATES.entrySet().stream()
                        .filter(e -> e.getKey().endsWith("/") ? name.startsWith(e.getKey()) : name.equals(e.getKey()))
                        .findFirst().map(Map.Entry::getValue).orElse(null);
                Matcher m = JAVA_LITERAL.matcher(Files.readString(f));
                while (m.find()) {
                    boolean chinese = HAN.matcher(m.group()).find();
                    if (chinese && !(allowed != null && (allowed.isEmpty() || allowed.contains(m.group())))) {
                        found.add(name + ": " + m.group());
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    @DisplayName("no page, partial or page script writes Chinese words itself: every text it shows is a catalogue key")
    void pagesAndScriptsShowOnlyKeys() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/webroot"))) {
            for (Path f : (Iterable<Path>) files.filter(x -> x.toString().endsWith(".html") || x.toString().endsWith(".js"))::iterator) {
                String text = Files.readString(f);
                if (f.toString().endsWith(".js")) {
                    text = JS_COMMENT.matcher(text).replaceAll("");
                }
                text = STORED_VALUES.matcher(text).replaceAll("");
                for (String line : text.split("\n")) {
                    if (CJK.matcher(line).find()) {
                        found.add(f.getFileName() + ": " + line.strip());
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    @DisplayName("a reference renders in either language with its arguments; a text that is no key shows as it is")
    void rendersReferences() {
        assertEquals("请先登录", Texts.text(Texts.ZH, "problem.unauthenticated.title"));
        assertEquals("སྔོན་ལ་ནང་འཛུལ་གནང་རོགས།", Texts.text(Texts.BO, "problem.unauthenticated.title"));
        assertEquals("（请 7 秒后再试）", Texts.text(Texts.ZH, Texts.of("js.api.retry-after", 7)));
        assertEquals("（སྐར་ཆ་ 7 རྗེས་སུ་ཡང་བསྐྱར་ཚོད་ལྟ་གནང་རོགས།）", Texts.text(Texts.BO, Texts.of("js.api.retry-after", 7)));
        assertEquals("旧的文字", Texts.text(Texts.BO, "旧的文字"));
    }

    @Test
    @DisplayName("Accept-Language picks bo or zh-CN by q, Chinese when nothing fits")
    void acceptLanguage() {
        assertEquals(Texts.BO, Texts.fromAcceptLanguage("bo"));
        assertEquals(Texts.BO, Texts.fromAcceptLanguage("bo-CN,zh;q=0.8"));
        assertEquals(Texts.ZH, Texts.fromAcceptLanguage("zh-CN,bo;q=0.5"));
        assertEquals(Texts.BO, Texts.fromAcceptLanguage("en, bo;q=0.3"));
        assertEquals(Texts.ZH, Texts.fromAcceptLanguage("en-US"));
        assertEquals(Texts.ZH, Texts.fromAcceptLanguage(null));
        assertEquals(Texts.ZH, Texts.fromAcceptLanguage("bo;q=0, zh;q=x"));
    }

    @Test
    @DisplayName("a request's language: Accept-Language when it names Tibetan or Chinese, else the zk_lang cookie, else Chinese")
    void requestLanguage() {
        assertEquals(Texts.BO, Texts.ofRequest("bo", null));
        assertEquals(Texts.BO, Texts.ofRequest(null, "bo"));
        assertEquals(Texts.BO, Texts.ofRequest("en-US,en;q=0.9", "bo"));
        assertEquals(Texts.ZH, Texts.ofRequest("zh-CN,zh;q=0.9", "bo"));
        assertEquals(Texts.ZH, Texts.ofRequest("en-US", "xx"));
        assertEquals(Texts.ZH, Texts.ofRequest(null, null));
    }

    private static Set<String> args(String s) {
        Set<String> out = new TreeSet<>();
        ARG.matcher(s).results().forEach(r -> out.add(r.group()));
        return out;
    }

    private static void scan(Path root, String ext, Pattern p, String prefix, Set<String> keys, Set<String> missing)
            throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(x -> x.toString().endsWith(ext))::iterator) {
                Matcher m = p.matcher(Files.readString(f));
                while (m.find()) {
                    String k = prefix + m.group(1);
                    if (!keys.contains(k)) {
                        missing.add(k + " (" + root.relativize(f) + ")");
                    }
                }
            }
        }
    }
}

package cn.zikao.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The work-class counters of {@code /metrics}: how many pieces of a class were admitted and run, or answered BUSY. */
public final class Work {
    private Work() {}

    public static long admitted(TestApp app, String workClass) {
        return counter(app, "zikao_work_admitted_total", workClass);
    }

    public static long busy(TestApp app, String workClass) {
        return counter(app, "zikao_work_busy_total", workClass);
    }

    private static long counter(TestApp app, String name, String workClass) {
        String text = app.api().get("/metrics").text();
        Matcher m = Pattern.compile("(?m)^" + name + "\\{class=\"" + workClass + "\"[^}]*} ([0-9.E]+)$").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException(name + " of " + workClass + " is not in /metrics");
        }
        return (long) Double.parseDouble(m.group(1));
    }
}

package cn.zikao.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatling.charts.stats.GeneralStats;
import io.gatling.charts.stats.Group;
import io.gatling.charts.stats.GroupStatsPath;
import io.gatling.charts.stats.LogFileData;
import io.gatling.charts.stats.LogFileReader;
import io.gatling.charts.stats.RequestStatsPath;
import io.gatling.charts.stats.StatsPath;
import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.core.config.GatlingConfiguration;
import java.io.File;
import java.io.IOException;
import java.util.List;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code StatsJson REPORT_DIR}: writes {@code REPORT_DIR/js/stats.json}, the figures of the report in the layout
 * Gatling's reports had up to 3.10 (Gatling 3.15 no longer writes it), computed from the run's simulation.log by
 * Gatling's own log reader, so they are the report's figures. Root {@code "All Requests"}, then groups and requests
 * nested under {@code contents}; a group's {@code stats} are its cumulated response time, {@code duration} its
 * duration (the journey's length, think times included).
 */
public final class StatsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatsJson() {}

    public static void main(String[] args) throws IOException {
        File report = new File(args[0]);
        GatlingConfiguration config = GatlingConfiguration.load();
        LogFileData data = new LogFileReader(new File(report, "simulation.log"), config).read();
        ObjectNode root = node("GROUP", "All Requests", "");
        root.set("stats", stats(data.requestGeneralStats(Option.empty(), Option.empty(), Option.empty()),
                data.requestGeneralStats(Option.empty(), Option.empty(), Option.apply(OK$.MODULE$)),
                data.requestGeneralStats(Option.empty(), Option.empty(), Option.apply(KO$.MODULE$))));
        for (StatsPath path : CollectionConverters.asJava(data.statsPaths())) {
            if (path instanceof RequestStatsPath r) {
                Option<Group> g = r.group();
                ObjectNode n = node("REQUEST", r.request(), pathOf(g, r.request()));
                n.set("stats", stats(data.requestGeneralStats(Option.apply(r.request()), g, Option.empty()),
                        data.requestGeneralStats(Option.apply(r.request()), g, Option.apply(OK$.MODULE$)),
                        data.requestGeneralStats(Option.apply(r.request()), g, Option.apply(KO$.MODULE$))));
                contents(parent(root, g)).set(r.request(), n);
            } else if (path instanceof GroupStatsPath gp) {
                Group g = gp.group();
                ObjectNode n = groupNode(root, g);
                n.set("stats", stats(data.groupCumulatedResponseTimeGeneralStats(g, Option.empty()),
                        data.groupCumulatedResponseTimeGeneralStats(g, Option.apply(OK$.MODULE$)),
                        data.groupCumulatedResponseTimeGeneralStats(g, Option.apply(KO$.MODULE$))));
                n.set("duration", stats(data.groupDurationGeneralStats(g, Option.empty()),
                        data.groupDurationGeneralStats(g, Option.apply(OK$.MODULE$)),
                        data.groupDurationGeneralStats(g, Option.apply(KO$.MODULE$))));
            }
        }
        File out = new File(report, "js/stats.json");
        out.getParentFile().mkdirs();
        JSON.writerWithDefaultPrettyPrinter().writeValue(out, root);
    }

    private static ObjectNode node(String type, String name, String path) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", type).put("name", name).put("path", path);
        return n;
    }

    private static ObjectNode contents(ObjectNode n) {
        return n.has("contents") ? (ObjectNode) n.get("contents") : n.putObject("contents");
    }

    /** The node of group {@code g} (made on first sight, with its parents), or the root for no group. */
    private static ObjectNode parent(ObjectNode root, Option<Group> g) {
        return g.isEmpty() ? root : groupNode(root, g.get());
    }

    private static ObjectNode groupNode(ObjectNode root, Group g) {
        ObjectNode at = root;
        List<String> names = CollectionConverters.asJava(g.hierarchy());
        for (int i = 0; i < names.size(); i++) {
            ObjectNode c = contents(at);
            if (!c.has(names.get(i))) {
                c.set(names.get(i), node("GROUP", names.get(i), String.join(" / ", names.subList(0, i + 1))));
            }
            at = (ObjectNode) c.get(names.get(i));
        }
        return at;
    }

    private static String pathOf(Option<Group> g, String request) {
        return g.isEmpty() ? request : String.join(" / ", CollectionConverters.asJava(g.get().hierarchy())) + " / " + request;
    }

    /** Counts, min, max, mean, standard deviation, p50/p75/p95/p99 and rate, each for total, ok and ko. */
    private static ObjectNode stats(Option<GeneralStats> all, Option<GeneralStats> ok, Option<GeneralStats> ko) {
        ObjectNode s = JSON.createObjectNode();
        triple(s, "numberOfRequests", all, ok, ko, g -> g.count());
        triple(s, "minResponseTime", all, ok, ko, g -> g.min());
        triple(s, "maxResponseTime", all, ok, ko, g -> g.max());
        triple(s, "meanResponseTime", all, ok, ko, g -> g.mean());
        triple(s, "standardDeviation", all, ok, ko, g -> g.stdDev());
        double[] ranks = {50, 75, 95, 99};
        for (int i = 0; i < ranks.length; i++) {
            double rank = ranks[i];
            triple(s, "percentiles" + (i + 1), all, ok, ko, g -> ((Number) g.percentile().apply(rank)).longValue());
        }
        ObjectNode rate = s.putObject("meanNumberOfRequestsPerSecond");
        rate.put("total", all.isEmpty() ? 0 : all.get().meanRequestsPerSec());
        rate.put("ok", ok.isEmpty() ? 0 : ok.get().meanRequestsPerSec());
        rate.put("ko", ko.isEmpty() ? 0 : ko.get().meanRequestsPerSec());
        return s;
    }

    private static void triple(ObjectNode s, String name, Option<GeneralStats> all, Option<GeneralStats> ok,
                               Option<GeneralStats> ko, java.util.function.ToLongFunction<GeneralStats> f) {
        ObjectNode t = s.putObject(name);
        t.put("total", all.isEmpty() ? 0 : f.applyAsLong(all.get()));
        t.put("ok", ok.isEmpty() ? 0 : f.applyAsLong(ok.get()));
        t.put("ko", ko.isEmpty() ? 0 : f.applyAsLong(ko.get()));
    }
}

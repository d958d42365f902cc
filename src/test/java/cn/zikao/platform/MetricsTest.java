package cn.zikao.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MetricsTest {
    @RegisterExtension
    static final TestApp app = TestApp.create();

    @Test
    @DisplayName("metrics are Prometheus text with latency histograms labelled by route, not by raw path")
    void perRouteHistograms() {
        app.api().get("/api/v1/plan/271/seats?area=0100");
        app.api().get("/api/v1/plan/271/seats?area=0200");
        Api.Reply r = app.api().get("/metrics");
        assertEquals(200, r.status());
        assertTrue(r.header("Content-Type").startsWith("text/plain"), r.header("Content-Type"));
        String text = r.text();
        assertTrue(text.contains("# TYPE vertx_http_server_response_time_seconds histogram"), "histogram type");
        assertTrue(text.contains("vertx_http_server_response_time_seconds_bucket{code=\"200\",method=\"GET\","
                + "route=\"/api/v1/plan/:sittingCode/seats\",le=\"+Inf\"} 2"), "two seat reads in one route series");
        assertTrue(text.contains("vertx_http_server_response_time_seconds_count{code=\"200\",method=\"GET\",route=\"/api/v1/plan/:sittingCode/seats\"} 2"));
        assertFalse(text.contains("area=0100"), "no raw paths or query strings as labels");
        assertFalse(text.contains("route=\"/api/v1/plan/271/seats\""), "no raw paths as labels");
    }

    @Test
    @DisplayName("a request with a made-up method is counted under method=OTHER: clients cannot create series at will")
    void unknownMethodsAreOther() {
        for (int i = 0; i < 5; i++) {
            Api.Reply r = app.api().send(app.api().builder("/api/v1/plan").method("ZK" + i + "FLOOD",
                    java.net.http.HttpRequest.BodyPublishers.noBody()).build());
            assertTrue(r.status() == 404 || r.status() == 405, r.toString());
        }
        app.api().get("/api/v1/plan");
        String text = app.api().get("/metrics").text();
        assertFalse(text.contains("FLOOD"), "no series named after a client's method");
        assertTrue(text.contains("method=\"OTHER\""), "made-up methods counted as OTHER");
        assertTrue(text.contains("method=\"GET\",route=\"/api/v1/plan\""), "known methods keep their name");
    }

    @Test
    @DisplayName("metrics carry gauges of the PostgreSQL and Redis pools by name")
    void poolGauges() {
        app.api().get("/ready");
        String text = app.api().get("/metrics").text();
        for (String pool : new String[] {"pool_name=\"zikao-pg\",pool_type=\"sql\"", "pool_name=\"zikao-redis\",pool_type=\"redis\""}) {
            for (String series : new String[] {"vertx_pool_in_use", "vertx_pool_queue_pending", "vertx_pool_ratio"}) {
                assertTrue(text.contains(series + "{" + pool + "}"), series + " for " + pool);
            }
            assertTrue(text.contains("vertx_pool_queue_time_seconds_bucket{" + pool), "queue time histogram for " + pool);
        }
    }

    @Test
    @DisplayName("metrics carry JVM memory, GC, threads, process CPU and file descriptors, and each event loop's delay")
    void runtimeSeries() throws InterruptedException {
        System.gc();
        Thread.sleep(2 * RuntimeMetrics.PROBE_MS + 100);
        String text = app.api().get("/metrics").text();
        for (String series : new String[] {"jvm_memory_used_bytes{area=\"heap\"", "jvm_gc_pause_seconds_count{",
                "jvm_threads_live_threads ", "process_cpu_usage ", "process_files_open_files ", "jvm_compilation_time_ms_total"}) {
            assertTrue(text.contains(series), series);
        }
        int loops = 2 * Runtime.getRuntime().availableProcessors();
        for (int loop = 0; loop < loops; loop++) {
            String count = "zikao_event_loop_delay_seconds_count{loop=\"" + loop + "\"} ";
            int at = text.indexOf(count);
            assertTrue(at >= 0, "delay of event loop " + loop);
            long probes = (long) Double.parseDouble(text.substring(at + count.length(), text.indexOf('\n', at)));
            assertTrue(probes >= 1, "the probe ran on loop " + loop);
        }
        assertTrue(text.contains("zikao_event_loop_delay_seconds_bucket{loop=\"0\",le="), "a histogram, for percentiles");
    }
}

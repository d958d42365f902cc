package cn.zikao.enrollment;

import static cn.zikao.enrollment.Candidates.order;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/** Seat counts shown to candidates may be shared for 250 ms; this instance's own orders show at once. */
class OrderSeatCountsTest {
    @RegisterExtension
    static final TestApp app = TestApp.create().env("ZIKAO_PLAN", "src/test/resources/plans/enrollment-small.yaml");

    private static int left(int slot) {
        return app.api().get("/api/v1/plan/271/seats?area=0300").array().getJsonObject(slot - 1).getInteger("left");
    }

    @Test
    @DisplayName("an order and its cancel show in the next seat count; a change made elsewhere shows within 250 ms; 50 concurrent reads agree")
    void countsShown() throws Exception {
        assertEquals(3, left(1));
        Candidates.Candidate c = Candidates.one(app, "0300", "030301");
        String id = app.api().post("/api/v1/sittings/271/orders", order(1, "03706"), c.auth()).json().getString("orderId");
        assertEquals(2, left(1), "this instance's order");
        assertEquals(204, app.api().delete("/api/v1/orders/" + id, c.auth()).status());
        assertEquals(3, left(1), "this instance's cancel");

        try (UnifiedJedis redis = app.redis()) {
            redis.spop(SeatLedger.freeKey("271", "0300", 1));
        }
        Thread.sleep(SeatLedger.SHOWN_MAX_AGE_MS + 50);
        assertEquals(2, left(1), "another instance's change, after at most 250 ms");

        List<CompletableFuture<Api.Reply>> reads = IntStream.range(0, 50)
                .mapToObj(i -> app.api().sendAsync(app.api().builder("/api/v1/plan/271/seats?area=0300").GET().build())).toList();
        for (CompletableFuture<Api.Reply> r : reads) {
            assertEquals(2, r.join().array().getJsonObject(0).getInteger("left"));
        }
    }
}

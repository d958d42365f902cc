package cn.zikao.payment;

import cn.zikao.paysim.Notifications;
import cn.zikao.paysim.SimulatorKeys;
import cn.zikao.testing.Api;
import cn.zikao.testing.TestApp;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Candidates and open orders written straight into PostgreSQL, and gateway notifications built like the platform's. */
final class PaymentFixtures {
    static final int TOTAL_FEN = 7600;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TestApp app;

    PaymentFixtures(TestApp app) {
        this.app = app;
    }

    record Order(UUID id, String outTradeNo, long candidateId, String token, int seatNo) {}

    /** A candidate (notice acknowledged) with an UNPAID order placed through the API: registration fee + course 00018 (slot 2, area 0100). */
    Order unpaidOrder() {
        return unpaidOrder("0100", 2, "00018");
    }

    /** A candidate of {@code area} (notice acknowledged) with an UNPAID order of the registration fee and one course. */
    Order unpaidOrder(String area, int slotNo, String courseCode) {
        Candidate c = candidateIn(area);
        return place(c.id(), c.token(), slotNo, courseCode);
    }

    /** A candidate with a session. */
    record Candidate(long id, String token) {}

    /** A candidate of {@code area}, major 030301, notice acknowledged, no order yet. */
    Candidate candidateIn(String area) {
        long candidate;
        try (Connection c = app.jdbc()) {
            candidate = candidate(c, app, area);
            exec(c, "INSERT INTO notice_ack (candidate_id, sitting_code) VALUES (?, '271')", candidate);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Candidate(candidate, app.app().auth().sessions().issue(candidate).token());
    }

    /** An order of one course as the API answers it, whatever the answer. */
    Api.Reply order(Candidate c, int slotNo, String courseCode) {
        return app.api().post("/api/v1/sittings/271/orders",
                Map.of("selections", List.of(Map.of("slotNo", slotNo, "courseCode", courseCode))), Api.bearer(c.token()));
    }

    /** Another order of the same candidate (after the first was voided). */
    Order place(long candidate, String token) {
        return place(candidate, token, 2, "00018");
    }

    /** Another order of the same candidate, of one course. */
    Order place(long candidate, String token, int slotNo, String courseCode) {
        Api.Reply r = order(new Candidate(candidate, token), slotNo, courseCode);
        if (r.status() != 201) {
            throw new AssertionError("place order: " + r);
        }
        JsonObject o = r.json();
        if (o.getInteger("totalFen") != TOTAL_FEN) {
            throw new AssertionError("total " + o.getInteger("totalFen"));
        }
        UUID id = UUID.fromString(o.getString("orderId"));
        return new Order(id, o.getString("outTradeNo"), candidate, token,
                Integer.parseInt(one("SELECT seat_no FROM enrollment WHERE order_id = ?", id)));
    }

    /** UNPAID → PAYING through the API; answers the 201 body. */
    JsonObject startPayment(Order o) {
        Api.Reply r = app.api().post("/api/v1/orders/" + o.id() + "/payments", Map.of("provider", "wechat"), Api.bearer(o.token()));
        if (r.status() != 201) {
            throw new AssertionError("start payment: " + r);
        }
        return r.json();
    }

    Api sim() {
        return new Api("http://127.0.0.1:" + app.config().payment().simulator().port());
    }

    Notifications notifications() {
        return Notifications.of(SimulatorKeys.ensure(app.config().dataDir()));
    }

    /** The transaction a successful payment of {@code o} would carry. */
    JsonObject paidTransaction(Order o, int amountFen, String transactionId) {
        var wx = app.app().platform().config().payment().wechat();
        return new JsonObject().put("appid", wx.appId()).put("mchid", wx.mchId()).put("out_trade_no", o.outTradeNo())
                .put("transaction_id", transactionId).put("trade_type", "NATIVE").put("trade_state", "SUCCESS")
                .put("trade_state_desc", "支付成功").put("success_time", cn.zikao.platform.Times.iso(app.clock().instant()))
                .put("amount", new JsonObject().put("total", amountFen).put("payer_total", amountFen).put("currency", "CNY"));
    }

    static String transactionId() {
        return "4200" + Math.abs(RANDOM.nextLong());
    }

    /** A POST of {@code body} to the notify endpoint with the given signature headers. */
    HttpRequest notifyRequest(String body, Map<String, String> headers) {
        HttpRequest.Builder b = app.api().builder("/api/v1/payments/wechat/notify").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return b.build();
    }

    HttpRequest signedNotify(String body) {
        return notifyRequest(body, notifications().headers(body, app.clock().instant().getEpochSecond()));
    }

    String status(UUID orderId) {
        return one("SELECT status FROM exam_order WHERE id = ?", orderId);
    }

    long count(String sql, Object... args) {
        return Long.parseLong(one(sql, args));
    }

    String one(String sql, Object... args) {
        try (Connection c = app.jdbc(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void exec(String sql, Object... args) {
        try (Connection c = app.jdbc()) {
            exec(c, sql, args);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls until {@code check} holds, for at most {@code seconds}. */
    static void eventually(int seconds, java.util.function.BooleanSupplier check, String what) {
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < until) {
            if (check.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("not within " + seconds + " s: " + what);
    }

    private static long candidate(Connection c, TestApp app, String area) throws SQLException {
        byte[] hmac = new byte[32];
        RANDOM.nextBytes(hmac);
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO candidate (name, id_number_enc, id_number_hmac, pii_key_id, source, sitting_code, area_code, major_code)
                VALUES ('测试考生', ?, ?, ?, 'REGISTERED', '271', ?, '030301') RETURNING id""")) {
            ps.setBytes(1, app.seal("540102199001011234"));
            ps.setBytes(2, hmac);
            ps.setString(3, app.piiKeyId());
            ps.setString(4, area);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}

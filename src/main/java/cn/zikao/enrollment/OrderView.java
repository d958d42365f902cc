package cn.zikao.enrollment;

import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.Times;
import io.micronaut.serde.annotation.Serdeable;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An order as openapi.yaml shapes it. */
@Serdeable
record OrderView(String orderId, String outTradeNo, String sittingCode, String status, List<LineView> lines,
                 int totalFen, String createdAt, String expiresAt, String paidAt) {

    @Serdeable
    record LineView(String kind, String courseCode, String courseName, Integer slotNo, int amountFen) {}

    static LineView registrationFee(int amountFen) {
        return new LineView("REGISTRATION_FEE", null, null, null, amountFen);
    }

    static LineView course(ExamPlan.Sitting sitting, String courseCode, int slotNo, int amountFen) {
        return new LineView("COURSE", courseCode, sitting.course(courseCode).map(ExamPlan.Course::name).orElse(null),
                slotNo, amountFen);
    }

    /** Rows of {@link OrderSql#ORDERS} (one per line, orders in order) as views. */
    static List<OrderView> of(ExamPlan plan, RowSet<Row> rows) {
        Map<UUID, OrderView> orders = new LinkedHashMap<>();
        for (Row r : rows) {
            OrderView o = orders.computeIfAbsent(r.getUUID("id"), id -> new OrderView(id.toString(),
                    r.getString("out_trade_no"), r.getString("sitting_code"), r.getString("status"), new ArrayList<>(),
                    r.getInteger("total_fen"), iso(r.getOffsetDateTime("created_at")),
                    iso(r.getOffsetDateTime("expires_at")), iso(r.getOffsetDateTime("paid_at"))));
            if ("REGISTRATION_FEE".equals(r.getString("kind"))) {
                o.lines().add(registrationFee(r.getInteger("amount_fen")));
            } else {
                ExamPlan.Sitting s = plan.sitting(o.sittingCode()).orElseThrow();
                o.lines().add(course(s, r.getString("course_code"), r.getInteger("slot_no"), r.getInteger("amount_fen")));
            }
        }
        return new ArrayList<>(orders.values());
    }

    private static String iso(OffsetDateTime t) {
        return Times.iso(t);
    }
}

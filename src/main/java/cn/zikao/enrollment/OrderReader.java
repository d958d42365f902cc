package cn.zikao.enrollment;

import cn.zikao.plan.ExamPlan;
import cn.zikao.platform.Problem;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/** A candidate's orders as {@code GET /api/v1/orders} and {@code GET /api/v1/orders/{id}} show them. */
final class OrderReader {
    private final ExamPlan plan;
    private final Pool pg;

    OrderReader(ExamPlan plan, Pool pg) {
        this.plan = plan;
        this.pg = pg;
    }

    Future<List<OrderView>> all(long candidateId) {
        return pg.preparedQuery(OrderSql.ORDERS).execute(Tuple.tuple().addLong(candidateId).addUUID(null))
                .map(rows -> OrderView.of(plan, rows));
    }

    /** The candidate's own order; 404 for another candidate's or none. */
    Future<OrderView> one(long candidateId, UUID orderId) {
        return pg.preparedQuery(OrderSql.ORDERS).execute(Tuple.of(candidateId, orderId)).compose(rows -> {
            List<OrderView> found = OrderView.of(plan, rows);
            return found.isEmpty() ? Future.failedFuture(Problem.notFound()) : Future.succeededFuture(found.get(0));
        });
    }
}

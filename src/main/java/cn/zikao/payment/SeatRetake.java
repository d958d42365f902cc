package cn.zikao.payment;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Gives a late-paid VOID order its seats and slots again, if nobody took them meanwhile. */
interface SeatRetake {
    /** A seat taken again. */
    record Seat(String sitting, String area, int slotNo, int seatNo) {}

    record Retaken(List<Seat> seats) {}

    /**
     * Inside the payment's transaction: the order PAID with its seats again, or null (and nothing changed) when
     * a seat, slot or course is held by someone or something else now.
     */
    Future<Retaken> retake(SqlConnection cn, UUID orderId, Instant paidAt);

    /** After the commit: the fast guard (Redis) learns that these seats are taken. */
    Future<Void> settle(Retaken retaken);
}

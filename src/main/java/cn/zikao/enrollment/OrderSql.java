package cn.zikao.enrollment;

/** The SQL of orders, enrolments and their rooms. PostgreSQL's indexes and trigger are the truth; these only ask. */
final class OrderSql {
    private OrderSql() {}

    /** Everything an order needs to know before the guard, in one round trip. */
    static final String CANDIDATE = """
            SELECT c.sitting_code, c.area_code, c.major_code,
                   EXISTS (SELECT 1 FROM notice_ack n WHERE n.candidate_id = c.id AND n.sitting_code = $2) AS acked,
                   EXISTS (SELECT 1 FROM exam_order o WHERE o.candidate_id = c.id AND o.sitting_code = $2
                                AND o.status IN ('UNPAID', 'PAYING')) AS open,
                   NOT EXISTS (SELECT 1 FROM exam_order o WHERE o.candidate_id = c.id AND o.sitting_code = $2
                                AND o.status = 'PAID' AND o.has_registration_fee) AS fee_due
              FROM candidate c WHERE c.id = $1""";

    /**
     * The order, its lines and its seats in one statement (one implicit transaction), only if the candidate is
     * still enrolled in that sitting, area ($5) and major ($14) with the notice read; no row otherwise. The
     * registration fee is due unless a paid order of the sitting already carries it. $10..$13: slot, course,
     * seat, fee per line.
     */
    static final String PLACE = """
            WITH enrolled AS (
              SELECT 1 FROM candidate c
               WHERE c.id = $3 AND c.sitting_code = $4 AND c.area_code = $5 AND c.major_code = $14
                 AND EXISTS (SELECT 1 FROM notice_ack n WHERE n.candidate_id = c.id AND n.sitting_code = $4)
            ), fee AS (
              SELECT NOT EXISTS (SELECT 1 FROM exam_order WHERE candidate_id = $3 AND sitting_code = $4
                                   AND status = 'PAID' AND has_registration_fee) AS due
            ), o AS (
              INSERT INTO exam_order (id, out_trade_no, candidate_id, sitting_code, area_code, status, total_fen,
                                      has_registration_fee, created_at, expires_at)
              SELECT $1, $2, $3, $4, $5, 'UNPAID', $6 + CASE WHEN fee.due THEN $7 ELSE 0 END, fee.due, $8, $9
                FROM fee, enrolled
              RETURNING id, has_registration_fee, total_fen
            ), sel AS (
              SELECT * FROM unnest($10::int[], $11::text[], $12::int[], $13::int[])
                       WITH ORDINALITY AS s(slot_no, course_code, seat_no, fee_fen, n)
            ), lines AS (
              INSERT INTO order_line (order_id, line_no, kind, course_code, slot_no, amount_fen)
              SELECT o.id, 1, 'REGISTRATION_FEE', NULL, NULL, $7 FROM o WHERE o.has_registration_fee
              UNION ALL
              SELECT o.id, 1 + sel.n, 'COURSE', sel.course_code, sel.slot_no, sel.fee_fen FROM o, sel
            ), seats AS (
              INSERT INTO enrollment (order_id, candidate_id, sitting_code, area_code, slot_no, course_code, seat_no,
                                      status, created_at)
              SELECT o.id, $3, $4, $5, sel.slot_no, sel.course_code, sel.seat_no, 'HELD', $8 FROM o, sel
            )
            SELECT has_registration_fee, total_fen FROM o""";

    /** Which of these seats PostgreSQL already holds (a confused Redis handed them out twice). */
    static final String SEATS_TAKEN = """
            SELECT slot_no, seat_no FROM enrollment
             WHERE sitting_code = $1 AND area_code = $2
               AND (slot_no, seat_no) IN (SELECT * FROM unnest($3::int[], $4::int[]))""";

    /**
     * The end of a voiding statement whose CTE {@code o} lists the orders just voided: deletes their held seats
     * (the order's lines keep what it was for) and answers one row per released seat, or one row with null seat
     * for an order that held none.
     */
    private static final String RELEASE_SEATS = """
            , e AS (
              DELETE FROM enrollment USING o
               WHERE enrollment.order_id = o.id AND enrollment.status = 'HELD'
              RETURNING enrollment.order_id, enrollment.slot_no, enrollment.seat_no, enrollment.course_code
            )
            SELECT o.id, o.candidate_id, o.sitting_code, o.area_code, e.slot_no, e.seat_no, e.course_code
              FROM o LEFT JOIN e ON e.order_id = o.id""";

    /**
     * Voids an open order (in the given states; of the given candidate unless $5 is null) and releases its seats
     * ({@link #RELEASE_SEATS}); no row if nothing changed.
     */
    static final String VOID = """
            WITH o AS (
              UPDATE exam_order SET status = 'VOID', voided_at = $3, void_reason = $4
               WHERE id = $1 AND status = ANY($2::text[]) AND ($5::bigint IS NULL OR candidate_id = $5)
              RETURNING id, candidate_id, sitting_code, area_code
            )""" + RELEASE_SEATS;

    /** Expired UNPAID orders become VOID; rows as {@link #VOID}. Instances skip each other's locked rows. */
    static final String EXPIRE_UNPAID = """
            WITH due AS (
              SELECT id FROM exam_order WHERE status = 'UNPAID' AND expires_at <= $1
               ORDER BY expires_at LIMIT 200 FOR UPDATE SKIP LOCKED
            ), o AS (
              UPDATE exam_order x SET status = 'VOID', voided_at = $1, void_reason = 'EXPIRED' FROM due
               WHERE x.id = due.id
              RETURNING x.id, x.candidate_id, x.sitting_code, x.area_code
            )""" + RELEASE_SEATS;

    /** Expired PAYING orders to ask the gateway about, each claimed for a while so one instance asks. */
    static final String CLAIM_EXPIRED_PAYING = """
            WITH due AS (
              SELECT id FROM exam_order WHERE status = 'PAYING' AND expires_at <= $1
                 AND (last_checked_at IS NULL OR last_checked_at <= $2)
               ORDER BY expires_at LIMIT 50 FOR UPDATE SKIP LOCKED
            )
            UPDATE exam_order x SET last_checked_at = $1 FROM due WHERE x.id = due.id
            RETURNING x.id, x.out_trade_no""";

    /** PAYING orders quiet since $2 and not expiring before $3, claimed likewise. */
    static final String CLAIM_QUIET_PAYING = """
            WITH due AS (
              SELECT id FROM exam_order
               WHERE status = 'PAYING' AND expires_at > $3 AND paying_since <= $2
                 AND (last_checked_at IS NULL OR last_checked_at <= $2)
               ORDER BY paying_since LIMIT 50 FOR UPDATE SKIP LOCKED
            )
            UPDATE exam_order x SET last_checked_at = $1 FROM due WHERE x.id = due.id
            RETURNING x.id, x.out_trade_no""";

    static final String OWN_ORDER = """
            SELECT out_trade_no, status, total_fen, expires_at, code_url FROM exam_order WHERE id = $1 AND candidate_id = $2""";

    static final String LOCK_FOR_PAYMENT = "SELECT id, status, total_fen FROM exam_order WHERE out_trade_no = $1 FOR UPDATE";

    static final String STATUS_OF = "SELECT status FROM exam_order WHERE out_trade_no = $1";

    /** Orders of these ids that PostgreSQL holds (the drift repair's question). */
    /** Every active enrolment of an area: the seat guard is rebuilt from it. */
    static final String AREA_HELD = """
            SELECT candidate_id, slot_no, seat_no, course_code FROM enrollment
             WHERE sitting_code = $1 AND area_code = $2""";

    /**
     * In one snapshot, what the self-heal compares Redis with: rows (slot, held) per slot of the area, then rows
     * (null, null, id) for those of the given orders that PostgreSQL knows.
     */
    static final String AREA_AUDIT = """
            SELECT slot_no, count(*) AS held, NULL::uuid AS order_id FROM enrollment
             WHERE sitting_code = $1 AND area_code = $2 GROUP BY slot_no
            UNION ALL
            SELECT NULL, NULL, id FROM exam_order WHERE id = ANY($3::uuid[])""";

    static final String ORDERS_FOUND = "SELECT id FROM exam_order WHERE id = ANY($1::uuid[])";

    static final String MARK_PAYING = """
            UPDATE exam_order SET status = 'PAYING', provider = $2, code_url = $3, paying_since = $4
             WHERE id = $1 AND status = 'UNPAID' RETURNING id""";

    /**
     * The registration fee this order pays twice: another PAID order of the candidate's sitting carries it already
     * (the fee was due when each was placed, and both were paid). The partial unique index exam_order_fee_once makes
     * a payment racing another one of the same candidate fail, to be retried, rather than both miss each other.
     */
    private static final String FEE_PAID_ELSEWHERE = """
            x.has_registration_fee AND EXISTS (
                SELECT 1 FROM exam_order y WHERE y.candidate_id = x.candidate_id AND y.sitting_code = x.sitting_code
                   AND y.status = 'PAID' AND y.has_registration_fee AND NOT y.fee_refund_due AND y.id <> x.id)""";

    /** The amount of the order's registration-fee line, 0 if it has none. */
    private static final String FEE_OF_ORDER = """
            coalesce((SELECT sum(amount_fen) FROM order_line WHERE order_id = $1 AND kind = 'REGISTRATION_FEE'), 0)""";

    static final String MARK_PAID = """
            WITH o AS (
              UPDATE exam_order x SET status = 'PAID', paid_at = $2, fee_refund_due = """ + FEE_PAID_ELSEWHERE + """

               WHERE x.id = $1 AND x.status IN ('UNPAID', 'PAYING') RETURNING x.id, x.fee_refund_due
            ), e AS (
              UPDATE enrollment SET status = 'PAID' FROM o WHERE enrollment.order_id = o.id AND enrollment.status = 'HELD'
              RETURNING 1
            )
            SELECT count(*) AS changed, coalesce(bool_or(o.fee_refund_due), false) AS fee_twice, """ + FEE_OF_ORDER + """
             AS fee_fen FROM o""";

    static final String VOID_ORDER_COURSES = """
            SELECT o.status, o.candidate_id, o.sitting_code, o.area_code, l.slot_no, l.course_code
              FROM exam_order o LEFT JOIN order_line l ON l.order_id = o.id AND l.kind = 'COURSE'
             WHERE o.id = $1 ORDER BY l.line_no""";

    /**
     * A VOID order that was paid after all takes seats again, in PostgreSQL alone: per course line a seat
     * number free in PostgreSQL, taken at random so that late payments racing each other do not all reach for the
     * same one, and only if every line gets one, the course is still the plan's in that slot and the
     * candidate holds nothing else in it; then the order is PAID. A seat or slot that a concurrent order is committing
     * is skipped (ON CONFLICT DO NOTHING), so nothing raises: a short insert ({@code paid} = 0 with {@code possible})
     * leaves rows to {@link #DROP_RETAKEN} and another try. One row per seat taken, or one row with null seat.
     */
    static final String RETAKE = """
            WITH o AS (
              SELECT id, candidate_id, sitting_code, area_code FROM exam_order WHERE id = $1 AND status = 'VOID'
            ), want AS (
              SELECT l.slot_no, l.course_code,
                     EXISTS (SELECT 1 FROM course c
                              WHERE c.sitting_code = o.sitting_code AND c.code = l.course_code AND c.slot_no = l.slot_no)
                     AND NOT EXISTS (SELECT 1 FROM enrollment h
                              WHERE h.candidate_id = o.candidate_id AND h.sitting_code = o.sitting_code AND h.slot_no = l.slot_no)
                     AS takeable,
                     (SELECT s.n FROM area_slot_capacity a, generate_series(1, a.capacity) AS s(n)
                       WHERE a.sitting_code = o.sitting_code AND a.area_code = o.area_code AND a.slot_no = l.slot_no
                         AND NOT EXISTS (SELECT 1 FROM enrollment t
                              WHERE t.sitting_code = o.sitting_code AND t.area_code = o.area_code AND t.slot_no = l.slot_no
                                AND t.seat_no = s.n)
                       ORDER BY random() LIMIT 1) AS seat_no
                FROM o JOIN order_line l ON l.order_id = o.id AND l.kind = 'COURSE'
            ), able AS (
              SELECT count(*) AS n, coalesce(bool_and(takeable AND seat_no IS NOT NULL), false) AS ok FROM want
            ), e AS (
              INSERT INTO enrollment (order_id, candidate_id, sitting_code, area_code, slot_no, course_code, seat_no,
                                      status, created_at)
              SELECT o.id, o.candidate_id, o.sitting_code, o.area_code, want.slot_no, want.course_code, want.seat_no, 'PAID', $2
                FROM o, want, able WHERE able.ok
              ON CONFLICT DO NOTHING
              RETURNING slot_no, seat_no, course_code
            ), paid AS (
              UPDATE exam_order x SET status = 'PAID', paid_at = $2, fee_refund_due = """ + FEE_PAID_ELSEWHERE + """

               WHERE x.id = $1 AND x.status = 'VOID' AND (SELECT ok FROM able)
                 AND (SELECT count(*) FROM e) = (SELECT n FROM able)
              RETURNING x.fee_refund_due
            )
            SELECT (SELECT count(*) FROM o) AS void, (SELECT ok FROM able) AS possible, (SELECT count(*) FROM paid) AS paid,
                   coalesce((SELECT bool_or(fee_refund_due) FROM paid), false) AS fee_twice, """ + FEE_OF_ORDER + """
             AS fee_fen, e.slot_no, e.seat_no, e.course_code
              FROM (SELECT 1) AS one LEFT JOIN e ON true""";

    /** The seats a short {@link #RETAKE} inserted for an order that stayed VOID. */
    static final String DROP_RETAKEN = """
            DELETE FROM enrollment e USING exam_order o WHERE e.order_id = $1 AND o.id = e.order_id AND o.status = 'VOID'""";

    static final String ORDERS = """
            SELECT o.id, o.out_trade_no, o.sitting_code, o.status, o.total_fen, o.created_at, o.expires_at, o.paid_at,
                   l.kind, l.course_code, l.slot_no, l.amount_fen
              FROM exam_order o JOIN order_line l ON l.order_id = o.id
             WHERE o.candidate_id = $1 AND ($2::uuid IS NULL OR o.id = $2)
             ORDER BY o.created_at DESC, o.id, l.line_no""";

    static final String ORDER_OWNER = "SELECT candidate_id, status FROM exam_order WHERE id = $1";

    static final String ACK_NOTICE = """
            INSERT INTO notice_ack (candidate_id, sitting_code, acked_at) VALUES ($1, $2, $3)
            ON CONFLICT (candidate_id, sitting_code) DO NOTHING""";

    static final String HOLDINGS = """
            SELECT e.slot_no, e.course_code, e.status, e.order_id FROM enrollment e
             WHERE e.candidate_id = $1 AND e.sitting_code = $2""";

    static final String EXAMS = """
            SELECT e.sitting_code, e.area_code, e.slot_no, e.course_code, e.seat_no FROM enrollment e
             WHERE e.candidate_id = $1 AND e.status = 'PAID' ORDER BY e.sitting_code, e.slot_no""";

    /** What stops 考籍更改: a paid or an open order in the new sitting ($2) or the current one ($3). */
    static final String ENROLMENT_LOCKS = """
            SELECT coalesce(bool_or(status = 'PAID'), false) AS paid,
                   coalesce(bool_or(status IN ('UNPAID', 'PAYING')), false) AS open
              FROM exam_order
             WHERE candidate_id = $1 AND (sitting_code = $2 OR sitting_code = $3)""";

    static final String ORDERS_BY_STATUS = "SELECT status, count(*) AS n FROM exam_order GROUP BY status";

    /** 考场编排 of one area and slot at a time, on every instance and command alike. */
    static final String LOCK_ROOMS = "SELECT pg_advisory_xact_lock(hashtext($1))";

    static final String ROOMS_TAKEN = """
            SELECT venue_code, room_no, seat_no FROM room_assignment WHERE sitting_code = $1 AND area_code = $2 AND slot_no = $3""";

    static final String ROOMS_UNPLACED = """
            SELECT e.id FROM enrollment e
             WHERE e.sitting_code = $1 AND e.area_code = $2 AND e.slot_no = $3 AND e.status = 'PAID'
               AND NOT EXISTS (SELECT 1 FROM room_assignment r WHERE r.enrollment_id = e.id)
             ORDER BY e.id""";

    static final String ROOMS_PLACE = """
            INSERT INTO room_assignment (enrollment_id, sitting_code, area_code, slot_no, venue_code, room_no, seat_no)
            VALUES ($1, $2, $3, $4, $5, $6, $7)""";

    /** The candidate's paid courses of a sitting with their rooms (null until assigned), for the 准考证. */
    static final String TICKET_LINES = """
            SELECT e.area_code, e.slot_no, e.course_code, r.venue_code, r.room_no, r.seat_no
              FROM enrollment e LEFT JOIN room_assignment r ON r.enrollment_id = e.id
             WHERE e.candidate_id = $1 AND e.sitting_code = $2 AND e.status = 'PAID' ORDER BY e.slot_no""";
}

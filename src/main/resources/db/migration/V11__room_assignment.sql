-- Module enrollment (cn.zikao.enrollment) owns this table: 考场编排, the room and seat of every paid enrolment.
-- Venues and rooms come from the exam plan; an assigned seat never moves.

CREATE TABLE room_assignment (
    enrollment_id bigint      NOT NULL REFERENCES enrollment (id),
    sitting_code  text        NOT NULL,
    area_code     text        NOT NULL,
    slot_no       integer     NOT NULL,
    venue_code    text        NOT NULL,
    room_no       integer     NOT NULL CHECK (room_no > 0),
    seat_no       integer     NOT NULL CHECK (seat_no > 0),
    assigned_at   timestamptz NOT NULL DEFAULT now()
);
-- One seat per paid enrolment, so one per candidate per slot (invariant 2) ...
CREATE UNIQUE INDEX room_assignment_enrollment_uq ON room_assignment (enrollment_id);
-- ... and one candidate per seat of a room in a slot.
CREATE UNIQUE INDEX room_assignment_seat_uq ON room_assignment (sitting_code, venue_code, room_no, slot_no, seat_no);

package cn.zikao.platform;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The problem+json document (RFC 9457) with the stable {@code code}; a BUSY from a waiting room adds the place in line. */
@Serdeable
record ProblemBody(String type, String title, int status, String detail, String code, List<FieldError> errors,
                   Integer queuePosition, Integer estimatedWaitSeconds) {}

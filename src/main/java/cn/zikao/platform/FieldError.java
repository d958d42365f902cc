package cn.zikao.platform;

import io.micronaut.serde.annotation.Serdeable;

/** One entry of a problem's {@code errors[]}: which field, a stable code, and a message for the candidate. */
@Serdeable
public record FieldError(String field, String code, String message) {}

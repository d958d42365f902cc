package cn.zikao.sms;

import io.vertx.core.Future;

/** Where messages go: the dev outbox or Aliyun. Answers the provider's reference for the message. */
interface SmsProvider {
    String name();

    /** Fails with {@link SmsSendException}; {@code retryable} only when the message surely did not go out. */
    Future<String> send(SmsOutbox.Message message);
}

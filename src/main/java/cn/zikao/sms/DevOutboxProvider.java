package cn.zikao.sms;

import io.vertx.core.Future;

/** Dev profile: the outbox row is the delivery; {@code GET /dev/sms} reads it. Refused by the prod profile. */
final class DevOutboxProvider implements SmsProvider {
    @Override
    public String name() {
        return "outbox";
    }

    @Override
    public Future<String> send(SmsOutbox.Message message) {
        return Future.succeededFuture("outbox-" + message.id());
    }
}

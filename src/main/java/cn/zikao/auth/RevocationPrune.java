package cn.zikao.auth;

import cn.zikao.platform.Sweeper;
import io.vertx.core.Future;

/** Runs on every instance: revocations no unexpired token needs are deleted from PostgreSQL. */
final class RevocationPrune extends Sweeper {
    static final long INTERVAL_MS = 60_000;
    private final Revocations revocations;

    RevocationPrune(Revocations revocations) {
        super("revocation prune", INTERVAL_MS);
        this.revocations = revocations;
    }

    @Override
    protected Future<?> sweep() {
        return revocations.prune();
    }
}

package cn.zikao.candidate;

import cn.zikao.auth.Session;
import cn.zikao.platform.FieldError;
import cn.zikao.platform.Json;
import cn.zikao.platform.Operations;
import cn.zikao.platform.Problem;
import cn.zikao.platform.Replies;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/** {@code /api/v1/me}: the signed-in candidate's profile (masked), its basic information, and its photo. */
final class MeRoutes {
    private final Profiles profiles;
    private final CandidateImages images;
    private final CandidateRepository repo;

    MeRoutes(Profiles profiles, CandidateImages images, CandidateRepository repo) {
        this.profiles = profiles;
        this.images = images;
        this.repo = repo;
    }

    void routes(Operations ops) {
        ops.handle("getMe", this::me).handle("patchMe", this::patch)
                .handle("getMyPhoto", this::photo).handle("putMyPhoto", this::putPhoto);
    }

    private void me(RoutingContext ctx) {
        profiles.me(Session.of(ctx).candidateId())
                .compose(me -> me == null ? Future.failedFuture(Problem.unauthenticated()) : Future.succeededFuture(me))
                .onSuccess(me -> {
                    ctx.response().putHeader("Cache-Control", "private, no-store");
                    Replies.ok(ctx, me);
                })
                .onFailure(ctx::fail);
    }

    private void patch(RoutingContext ctx) {
        long id = Session.of(ctx).candidateId();
        Profiles.MePatch p = Json.decode(ctx.body().buffer(), Profiles.MePatch.class);
        profiles.me(id).compose(me -> {
            if (me == null) {
                return Future.failedFuture(Problem.unauthenticated());
            }
            List<FieldError> errors = new ArrayList<>();
            if (p.gender() != null) {
                BasicInfo.gender(p.gender(), me.gender() == null ? (char) 0 : me.gender().charAt(0), errors);
            }
            if (p.ethnicity() != null) {
                BasicInfo.ethnicity(p.ethnicity(), errors);
            }
            if (p.politicalStatus() != null) {
                BasicInfo.politicalStatus(p.politicalStatus(), errors);
            }
            if (p.hukou() != null) {
                BasicInfo.hukou(p.hukou(), errors);
            }
            BasicInfo.graduationDate(p.graduationDate(), errors);
            BasicInfo.text("occupation", p.occupation(), 60, errors);
            BasicInfo.text("education", p.education(), 60, errors);
            BasicInfo.text("unit", p.unit(), 60, errors);
            BasicInfo.text("province", p.province(), 60, errors);
            BasicInfo.text("city", p.city(), 60, errors);
            BasicInfo.text("county", p.county(), 60, errors);
            BasicInfo.text("address", p.address(), 120, errors);
            if (!errors.isEmpty()) {
                return Future.failedFuture(Problem.validation(errors));
            }
            return profiles.patch(id, p).compose(v -> profiles.me(id));
        }).onSuccess(me -> Replies.ok(ctx, me)).onFailure(ctx::fail);
    }

    private void photo(RoutingContext ctx) {
        profiles.photo(Session.of(ctx).candidateId())
                .compose(b -> b == null ? Future.failedFuture(Problem.notFound()) : Future.succeededFuture(b))
                .onSuccess(b -> ctx.response().putHeader("Content-Type", "image/jpeg")
                        .putHeader("Cache-Control", "private, no-cache")
                        .putHeader("X-Content-Type-Options", "nosniff").end(b))
                .onFailure(ctx::fail);
    }

    private void putPhoto(RoutingContext ctx) {
        long id = Session.of(ctx).candidateId();
        images.read(CandidateImages.files(ctx.fileUploads()), List.of(CandidateImages.PHOTO))
                .compose(imgs -> repo.replaceImages(id, imgs))
                .onSuccess(v -> Replies.noContent(ctx))
                .onFailure(ctx::fail);
    }
}

package cn.zikao.candidate;

import cn.zikao.platform.Problem;
import cn.zikao.platform.WorkClass;
import io.vertx.core.Future;
import io.vertx.ext.web.FileUpload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the uploaded image parts of a multipart request and judges them, in the bounded {@code images} class of work. */
final class CandidateImages {
    /** Form field → stored kind and rule. */
    record Part(String field, String kind, ImageRule rule) {}

    static final Part ID_CARD_FRONT = new Part("idCardFront", "ID_CARD_FRONT", ImageRule.ID_CARD);
    static final Part ID_CARD_BACK = new Part("idCardBack", "ID_CARD_BACK", ImageRule.ID_CARD);
    static final Part PHOTO = new Part("photo", "PHOTO", ImageRule.PHOTO);

    private final WorkClass work;

    CandidateImages(WorkClass work) {
        this.work = work;
    }

    /** The uploaded files by form field; two files for one field are refused. */
    static Map<String, String> files(List<FileUpload> uploads) {
        Map<String, String> files = new LinkedHashMap<>();
        for (FileUpload u : uploads) {
            if (files.putIfAbsent(u.name(), u.uploadedFileName()) != null) {
                throw Problem.validation(u.name(), "DUPLICATE", "每种图片只能上传一张。");
            }
        }
        return files;
    }

    /**
     * The checked images by kind, EXIF removed; a missing or bad one fails with 400 PHOTO_INVALID naming its field,
     * and 503 BUSY when image checks are at capacity.
     */
    Future<Map<String, JpegImage>> read(Map<String, String> files, List<Part> parts) {
        return work.admit().blocking(() -> {
            Map<String, JpegImage> out = new LinkedHashMap<>();
            for (Part p : parts) {
                String file = files.get(p.field());
                byte[] bytes = file == null ? null : readSmall(Path.of(file), p.rule().maxBytes);
                out.put(p.kind(), JpegImage.check(bytes, p.rule(), p.field()));
            }
            return out;
        });
    }

    /** At most one byte more than the cap is read, enough to tell that a file is too large. */
    private static byte[] readSmall(Path file, int cap) {
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(cap + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

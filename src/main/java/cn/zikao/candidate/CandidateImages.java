package cn.zikao.candidate;

import cn.zikao.platform.Problem;
import cn.zikao.platform.WorkClass;
import io.vertx.core.Future;
import io.vertx.core.file.FileSystem;
import io.vertx.ext.web.FileUpload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the uploaded image parts of a multipart request and judges them: their structure at once and cheaply
 * ({@link #inspect}), their pixels in the bounded {@code images} class of work ({@link #decode}), so that a request
 * can check its SMS code between the two and a wrong code never costs a decode.
 */
final class CandidateImages {
    /** Form field → stored kind and rule. */
    record Part(String field, String kind, ImageRule rule) {}

    static final Part ID_CARD_FRONT = new Part("idCardFront", "ID_CARD_FRONT", ImageRule.ID_CARD);
    static final Part ID_CARD_BACK = new Part("idCardBack", "ID_CARD_BACK", ImageRule.ID_CARD);
    static final Part PHOTO = new Part("photo", "PHOTO", ImageRule.PHOTO);

    private final WorkClass work;
    private final FileSystem fs;

    CandidateImages(WorkClass work, FileSystem fs) {
        this.work = work;
        this.fs = fs;
    }

    /** The uploaded files by form field; two files for one field are refused. */
    static Map<String, String> files(List<FileUpload> uploads) {
        Map<String, String> files = new LinkedHashMap<>();
        for (FileUpload u : uploads) {
            if (files.putIfAbsent(u.name(), u.uploadedFileName()) != null) {
                throw Problem.validation(u.name(), "DUPLICATE", "field.image.duplicate");
            }
        }
        return files;
    }

    /** A place for one {@link #decode}, or 503 BUSY; give it back with {@code release()} if the request fails before it. */
    WorkClass.Permit admit() {
        return work.admit();
    }

    /**
     * The images by kind, their structure checked and EXIF removed, no pixel decoded (linear in the bytes, on the
     * caller's event loop); a missing or bad one fails with 400 PHOTO_INVALID naming its field.
     */
    Future<Map<String, JpegImage>> inspect(Map<String, String> files, List<Part> parts) {
        List<Future<byte[]>> reads = new ArrayList<>();
        for (Part p : parts) {
            String file = files.get(p.field());
            reads.add(file == null ? Future.succeededFuture(null) : fs.readFile(file).map(b -> b.getBytes()));
        }
        return Future.all(reads).map(all -> {
            Map<String, JpegImage> out = new LinkedHashMap<>();
            for (int i = 0; i < parts.size(); i++) {
                Part p = parts.get(i);
                out.put(p.kind(), JpegImage.inspect(all.resultAt(i), p.rule(), p.field()));
            }
            return out;
        });
    }

    /** Decodes the inspected images in {@code place}: 400 PHOTO_INVALID (CORRUPT) for one that is not a picture. */
    Future<Map<String, JpegImage>> decode(WorkClass.Permit place, Map<String, JpegImage> inspected, List<Part> parts) {
        return place.blocking(() -> {
            for (Part p : parts) {
                inspected.get(p.kind()).decode(p.field());
            }
            return inspected;
        });
    }

    /**
     * The checked images by kind, EXIF removed, in one piece of the images class (for a request with no code to check
     * first); a missing or bad one fails with 400 PHOTO_INVALID naming its field, and 503 BUSY at capacity.
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

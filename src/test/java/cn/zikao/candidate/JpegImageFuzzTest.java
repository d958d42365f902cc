package cn.zikao.candidate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.platform.Problem;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the image check, seeded with real baseline and progressive photos and ID cards. Without
 * {@code JAZZER_FUZZ} it runs the seeds as a regression test; with it, for a bounded time (CI sets it).
 */
class JpegImageFuzzTest {

    static Stream<Arguments> seeds() {
        return Stream.of(Jpegs.photo(), Jpegs.progressivePhoto(), Jpegs.idFront(), Jpegs.progressiveIdFront(),
                Jpegs.progressiveBomb(256, 256, 40, 1)).map(b -> Arguments.of((Object) b));
    }

    /** Any bytes: a checked image within the rule, or 400 PHOTO_INVALID naming the field; never another failure or a hang. */
    @MethodSource("seeds")
    @FuzzTest(maxDuration = "25s")
    void checksAnyBytesWithinBounds(byte[] data) {
        for (ImageRule rule : ImageRule.values()) {
            try {
                JpegImage img = JpegImage.check(data, rule, "photo");
                assertTrue(img.width() >= rule.minWidth && img.width() <= rule.maxWidth, "width " + img.width());
                assertTrue(img.height() >= rule.minHeight && img.height() <= rule.maxHeight, "height " + img.height());
                assertTrue(img.bytes().length <= data.length, "the stored image only drops segments");
            } catch (Problem p) {
                assertEquals(400, p.status());
                assertEquals("PHOTO_INVALID", p.code());
                assertEquals(1, p.errors().size());
                assertEquals("photo", p.errors().get(0).field());
            }
        }
    }
}

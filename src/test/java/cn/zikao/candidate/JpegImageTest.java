package cn.zikao.candidate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zikao.platform.Problem;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JpegImageTest {

    @Test
    @DisplayName("a 2048×2048 progressive JPEG of 5000 one-byte scans is refused by its structure (TOO_MANY_SCANS) within milliseconds")
    void scanFloodRefused() {
        byte[] bomb = Jpegs.progressiveBomb(2048, 2048, 5000, 1);
        assertTrue(bomb.length < ImageRule.ID_CARD.maxBytes, "fits in an ID-card upload: " + bomb.length);
        long start = System.nanoTime();
        Problem p = assertThrows(Problem.class, () -> JpegImage.check(bomb, ImageRule.ID_CARD, "idCardFront"));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals("PHOTO_INVALID", p.code());
        assertEquals("TOO_MANY_SCANS", p.errors().get(0).code());
        assertEquals("idCardFront", p.errors().get(0).field());
        assertTrue(ms < 500, ms + " ms");
    }

    @Test
    @DisplayName("a scan with no entropy-coded data is refused (EMPTY_SCAN), however few the scans")
    void emptyScanRefused() {
        Problem p = assertThrows(Problem.class,
                () -> JpegImage.inspect(Jpegs.progressiveBomb(2048, 2048, 3, 0), ImageRule.ID_CARD, "idCardBack"));
        assertEquals("EMPTY_SCAN", p.errors().get(0).code());
    }

    @Test
    @DisplayName("at the cap of 32 scans a 2048×2048 progressive JPEG decodes in one output pass, well under a second")
    void decodeAtTheCapIsBounded() {
        byte[] atCap = Jpegs.progressiveBomb(2048, 2048, JpegImage.MAX_SCANS, 1);
        JpegImage.check(atCap, ImageRule.ID_CARD, "idCardFront");
        long start = System.nanoTime();
        JpegImage img = JpegImage.check(atCap, ImageRule.ID_CARD, "idCardFront");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(2048, img.width());
        assertTrue(ms < 1000, ms + " ms");
        Problem over = assertThrows(Problem.class,
                () -> JpegImage.inspect(Jpegs.progressiveBomb(2048, 2048, JpegImage.MAX_SCANS + 1, 1), ImageRule.ID_CARD, "idCardFront"));
        assertEquals("TOO_MANY_SCANS", over.errors().get(0).code());
    }

    @Test
    @DisplayName("baseline and progressive (libjpeg's 10-scan script) photos and ID cards pass and keep their dimensions")
    void realImagesPass() {
        assertEquals(640, JpegImage.check(Jpegs.photo(), ImageRule.PHOTO, "photo").height());
        assertEquals(640, JpegImage.check(Jpegs.progressivePhoto(), ImageRule.PHOTO, "photo").height());
        JpegImage baseline = JpegImage.check(Jpegs.idFront(), ImageRule.ID_CARD, "idCardFront");
        JpegImage progressive = JpegImage.check(Jpegs.progressiveIdFront(), ImageRule.ID_CARD, "idCardFront");
        assertEquals(baseline.width(), progressive.width());
        assertEquals(baseline.height(), progressive.height());
    }

    static Stream<Arguments> unsupportedFrames() {
        return Stream.of(
                Arguments.of("lossless (SOF3)", Jpegs.withFrame(Jpegs.photo(), 0xC3, 0, 0)),
                Arguments.of("arithmetic-coded (SOF9)", Jpegs.withFrame(Jpegs.photo(), 0xC9, 0, 0)),
                Arguments.of("hierarchical (SOF5)", Jpegs.withFrame(Jpegs.photo(), 0xC5, 0, 0)),
                Arguments.of("12-bit samples", Jpegs.withFrame(Jpegs.photo(), 0xC0, 3, 12)),
                Arguments.of("four components", Jpegs.withFrame(Jpegs.photo(), 0xC0, 8, 4)),
                Arguments.of("progressive with four components", Jpegs.withFrame(Jpegs.progressivePhoto(), 0xC2, 8, 4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsupportedFrames")
    @DisplayName("frames no camera or phone writes are refused before decoding (UNSUPPORTED)")
    void unsupportedFramesRefused(String label, byte[] jpeg) {
        Problem p = assertThrows(Problem.class, () -> JpegImage.inspect(jpeg, ImageRule.PHOTO, "photo"));
        assertEquals("PHOTO_INVALID", p.code());
        assertEquals("UNSUPPORTED", p.errors().get(0).code());
    }
}

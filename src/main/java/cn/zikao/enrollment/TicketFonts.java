package cn.zikao.enrollment;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The 准考证's fonts, shipped in the jar under {@code /fonts} (licences beside them): WenQuanYi Micro Hei for Chinese and
 * Latin, Noto Serif Tibetan for Tibetan names. Their bytes are read once; each document parses and subset-embeds
 * its own copy, since a parsed font is not safe to share between threads.
 */
final class TicketFonts {
    private static final byte[] HAN = read("/fonts/wqy-microhei.ttc");
    private static final byte[] TIBETAN = read("/fonts/NotoSerifTibetan-Regular.ttf");

    /** The fonts of one document; close after the document is saved. */
    record Loaded(PDType0Font han, PDType0Font tibetan, TrueTypeCollection collection) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            collection.close();
        }
    }

    private TicketFonts() {}

    static Loaded load(PDDocument doc) throws IOException {
        TrueTypeCollection ttc = new TrueTypeCollection(new ByteArrayInputStream(HAN));
        TrueTypeFont[] regular = new TrueTypeFont[1];
        ttc.processAllFonts(f -> {
            if (regular[0] == null && !f.getName().contains("Mono")) {
                regular[0] = f;
            }
        });
        return new Loaded(PDType0Font.load(doc, regular[0], true),
                PDType0Font.load(doc, new RandomAccessReadBuffer(TIBETAN), true, false), ttc);
    }

    private static byte[] read(String path) {
        try (InputStream in = TicketFonts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("font " + path + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

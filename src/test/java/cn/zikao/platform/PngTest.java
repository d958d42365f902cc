package cn.zikao.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PngTest {
    @Test
    @DisplayName("an 8-bit grey PNG reads back, pixel for pixel, through ImageIO")
    void greyReadsBack() throws Exception {
        int w = 37;
        int h = 11;
        byte[] pixels = new byte[w * h];
        new Random(7).nextBytes(pixels);
        for (int x = 0; x < w; x++) {
            pixels[3 * w + x] = (byte) (x * 5); // a smooth row beside the noisy ones, where Sub wins
        }
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Png.grey(w, h, pixels)));
        assertEquals(w, img.getWidth());
        assertEquals(h, img.getHeight());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                assertEquals(pixels[y * w + x] & 0xff, img.getRaster().getSample(x, y, 0), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    @DisplayName("a two-tone PNG of a width that is no multiple of 8 reads back black where dark, white elsewhere")
    void twoToneReadsBack() throws Exception {
        int w = 29;
        int h = 13;
        Png.Dark dark = (x, y) -> (x * 7 + y * 3) % 5 == 0;
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Png.twoTone(w, h, dark)));
        assertEquals(w, img.getWidth());
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                assertEquals(dark.at(x, y) ? 0x000000 : 0xffffff, img.getRGB(x, y) & 0xffffff, "pixel " + x + "," + y);
            }
        }
    }
}

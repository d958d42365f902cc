package cn.zikao.candidate;

import cn.zikao.testing.Onboarding;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;

/** Good and bad images for the tests. */
final class Jpegs {
    private Jpegs() {}

    static byte[] photo() {
        return Onboarding.fixture("photo.jpg");
    }

    static byte[] idFront() {
        return Onboarding.fixture("id-front.jpg");
    }

    static byte[] drawn(int width, int height, String format) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(new java.awt.Color(0x336699));
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The JPEG with its SOF0 dimensions rewritten: a small file that claims a huge picture. */
    static byte[] withDimensions(byte[] jpeg, int width, int height) {
        byte[] b = jpeg.clone();
        for (int i = 2; i + 9 < b.length; i++) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xC0) {
                b[i + 5] = (byte) (height >> 8);
                b[i + 6] = (byte) height;
                b[i + 7] = (byte) (width >> 8);
                b[i + 8] = (byte) width;
                return b;
            }
        }
        throw new IllegalArgumentException("no SOF0");
    }

    /** The JPEG with an EXIF APP1 segment (carrying a GPS-like marker text) right after SOI. */
    static byte[] withExif(byte[] jpeg) {
        byte[] payload = "Exif\0\0GPS-29.6500N-91.1000E-secret".getBytes(StandardCharsets.ISO_8859_1);
        int len = payload.length + 2;
        byte[] out = new byte[jpeg.length + 2 + len];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xD8;
        out[2] = (byte) 0xFF;
        out[3] = (byte) 0xE1;
        out[4] = (byte) (len >> 8);
        out[5] = (byte) len;
        System.arraycopy(payload, 0, out, 6, payload.length);
        System.arraycopy(jpeg, 2, out, 6 + payload.length, jpeg.length - 2);
        return out;
    }

    static byte[] truncated(byte[] jpeg) {
        return Arrays.copyOf(jpeg, jpeg.length / 2);
    }

    static byte[] padded(byte[] jpeg, int extra) {
        return Arrays.copyOf(jpeg, jpeg.length + extra);
    }
}

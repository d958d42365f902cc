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

    /** The photo fixture made progressive by libjpeg's jpegtran, losslessly: the standard script of 10 scans. */
    static byte[] progressivePhoto() {
        return Onboarding.fixture("photo-progressive.jpg");
    }

    /** The front ID-card fixture made progressive by jpegtran, 10 scans. */
    static byte[] progressiveIdFront() {
        return Onboarding.fixture("id-front-progressive.jpg");
    }

    /**
     * A hand-built progressive grey JPEG of {@code scans} DC scans, each carrying {@code entropyBytes} bytes of
     * entropy-coded data (0 makes empty scans): what no camera writes, and what a decoder that redraws the frame per
     * scan spends minutes on.
     */
    static byte[] progressiveBomb(int width, int height, int scans, int entropyBytes) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
        o.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xDB, 0, 67, 0});
        for (int i = 0; i < 64; i++) {
            o.write(1);
        }
        o.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xC2, 0, 11, 8, (byte) (height >> 8), (byte) height,
                (byte) (width >> 8), (byte) width, 1, 1, 0x11, 0});
        // one DC code: length 1, category 0
        o.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xC4, 0, 20, 0x00, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        for (int s = 0; s < scans; s++) {
            o.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0x00, 0, 0, 0});
            for (int e = 0; e < entropyBytes; e++) {
                o.write(0);
            }
        }
        o.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD9});
        return o.toByteArray();
    }

    /** The JPEG with its SOFn marker byte and the byte at {@code offset} past the marker changed. */
    static byte[] withFrame(byte[] jpeg, int marker, int offset, int value) {
        byte[] b = jpeg.clone();
        for (int i = 2; i + 9 < b.length; i++) {
            if ((b[i] & 0xFF) == 0xFF && ((b[i + 1] & 0xFF) == 0xC0 || (b[i + 1] & 0xFF) == 0xC2)) {
                b[i + 1] = (byte) marker;
                if (offset > 0) {
                    b[i + 1 + offset] = (byte) value;
                }
                return b;
            }
        }
        throw new IllegalArgumentException("no SOF0 or SOF2");
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

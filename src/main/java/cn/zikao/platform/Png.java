package cn.zikao.platform;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * PNG writing for the pictures the service draws at the opening (captchas, payment QR codes): greyscale only, one
 * IDAT, the fastest deflate. ImageIO's writer goes through colour models pixel by pixel and costs several times
 * more for these small images, which are drawn beside the password hashing when the crowd arrives.
 */
public final class Png {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** Which pixels of a two-tone picture are dark. */
    @FunctionalInterface
    public interface Dark {
        boolean at(int x, int y);
    }

    private Png() {}

    /** An 8-bit greyscale PNG of {@code pixels}, row by row; each row filtered by Sub or Up, whichever is nearer zero. */
    public static byte[] grey(int width, int height, byte[] pixels) {
        byte[] filtered = new byte[height * (width + 1)];
        byte[] sub = new byte[width];
        byte[] up = new byte[width];
        for (int y = 0; y < height; y++) {
            int row = y * width;
            long sumSub = 0;
            long sumUp = 0;
            for (int x = 0; x < width; x++) {
                int cur = pixels[row + x] & 0xff;
                sub[x] = (byte) (cur - (x == 0 ? 0 : pixels[row + x - 1] & 0xff));
                up[x] = (byte) (cur - (y == 0 ? 0 : pixels[row - width + x] & 0xff));
                sumSub += Math.abs(sub[x]);
                sumUp += Math.abs(up[x]);
            }
            // the filter whose bytes are nearest zero compresses best (the minimum sum of absolute differences)
            int at = y * (width + 1);
            filtered[at] = (byte) (sumSub <= sumUp ? 1 : 2);
            System.arraycopy(sumSub <= sumUp ? sub : up, 0, filtered, at + 1, width);
        }
        return write(width, height, 8, filtered);
    }

    /** A 1-bit greyscale PNG: black where {@code dark} says so, white elsewhere. */
    public static byte[] twoTone(int width, int height, Dark dark) {
        int stride = (width + 7) / 8;
        byte[] rows = new byte[height * (stride + 1)];
        for (int y = 0; y < height; y++) {
            int at = y * (stride + 1) + 1; // filter byte 0 (None) before each row
            for (int x = 0; x < width; x++) {
                if (!dark.at(x, y)) {
                    rows[at + x / 8] |= (byte) (0x80 >>> (x % 8));
                }
            }
        }
        return write(width, height, 1, rows);
    }

    private static byte[] write(int width, int height, int bitDepth, byte[] filteredRows) {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        ByteArrayOutputStream idat = new ByteArrayOutputStream(filteredRows.length / 2 + 64);
        try {
            deflater.setInput(filteredRows);
            deflater.finish();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                idat.write(buffer, 0, deflater.deflate(buffer));
            }
        } finally {
            deflater.end();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(idat.size() + 64);
        out.writeBytes(SIGNATURE);
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) bitDepth).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(name);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}

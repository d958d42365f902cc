package cn.zikao.candidate;

import cn.zikao.platform.FieldError;
import cn.zikao.platform.Problem;
import cn.zikao.platform.Texts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * An uploaded image judged by its bytes, in two steps. {@link #inspect} walks the marker structure, linear in the
 * bytes and decoding no pixel: SOI, segments, the frame (baseline, extended or progressive Huffman, 8-bit, grey or
 * colour, dimensions within the rule), at most {@link #MAX_SCANS} scans each with entropy-coded data, EOI. Metadata
 * segments (APP1 EXIF/XMP, APP13 IPTC, COM) are dropped by copying every other segment unchanged, so the picture is
 * not re-encoded. {@link #decode} then proves the result is a picture, at a cost bounded by the same limits.
 */
record JpegImage(byte[] bytes, int width, int height) {
    /**
     * Cameras and phones write baseline JPEGs or progressive ones with the standard scan scripts: 10 scans for colour,
     * 6 for grey (libjpeg's), a few more when an encoder searches for a smaller script. Every scan is one more pass over
     * the whole frame's coefficients, so thousands of 10-byte scans in one upload would cost a decode of minutes: 32
     * leaves room for every real encoder and bounds that work.
     */
    static final int MAX_SCANS = 32;
    private static final int APP1 = 0xE1;
    private static final int APP13 = 0xED;
    private static final int COM = 0xFE;
    private static final int SOS = 0xDA;
    private static final int EOI = 0xD9;

    /** The image inspected and decoded: blocking, run on the worker pool. */
    static JpegImage check(byte[] b, ImageRule rule, String field) {
        JpegImage image = inspect(b, rule, field);
        image.decode(field);
        return image;
    }

    /** The marker structure judged and the metadata dropped, no pixel decoded; 400 PHOTO_INVALID naming the fault. */
    static JpegImage inspect(byte[] b, ImageRule rule, String field) {
        if (b == null || b.length == 0) {
            throw invalid(field, "REQUIRED", "field.image.required");
        }
        if (b.length > rule.maxBytes) {
            throw invalid(field, "TOO_LARGE", Texts.of("field.image.too-large", rule.maxBytes / 1024));
        }
        if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8 || (b[2] & 0xFF) != 0xFF) {
            throw invalid(field, "NOT_JPEG", "field.image.not-jpeg");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
        out.write(0xFF);
        out.write(0xD8);
        int i = 2;
        int width = -1;
        int height = -1;
        int scans = 0;
        while (true) {
            if (i >= b.length) {
                throw truncated(field);
            }
            if ((b[i] & 0xFF) != 0xFF) {
                throw corrupt(field);
            }
            while (i < b.length && (b[i] & 0xFF) == 0xFF) {
                i++;
            }
            if (i >= b.length) {
                throw truncated(field);
            }
            int marker = b[i++] & 0xFF;
            if (marker == EOI) {
                if (scans == 0) {
                    throw corrupt(field);
                }
                out.write(0xFF);
                out.write(EOI);
                break;
            }
            if (marker >= 0xD0 && marker <= 0xD7 || marker == 0x01) {
                out.write(0xFF);
                out.write(marker);
                continue;
            }
            if (marker == 0xD8 || marker == 0x00) {
                throw corrupt(field);
            }
            if (i + 2 > b.length) {
                throw truncated(field);
            }
            int length = (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
            if (length < 2 || i + length > b.length) {
                throw truncated(field);
            }
            if (isStartOfFrame(marker)) {
                if (width >= 0 || length < 8) {
                    throw corrupt(field);
                }
                checkFrame(b, i, length, marker, field);
                height = (b[i + 3] & 0xFF) << 8 | (b[i + 4] & 0xFF);
                width = (b[i + 5] & 0xFF) << 8 | (b[i + 6] & 0xFF);
                checkDimensions(width, height, rule, field);
            }
            if (marker != APP1 && marker != APP13 && marker != COM) {
                out.write(0xFF);
                out.write(marker);
                out.write(b, i, length);
            }
            i += length;
            if (marker == SOS) {
                if (width < 0) {
                    throw corrupt(field);
                }
                if (++scans > MAX_SCANS) {
                    throw invalid(field, "TOO_MANY_SCANS", "field.image.too-many-scans");
                }
                int end = entropyEnd(b, i);
                if (end < 0) {
                    throw truncated(field);
                }
                if (end == i) {
                    throw invalid(field, "EMPTY_SCAN", "field.image.empty-scan");
                }
                out.write(b, i, end - i);
                i = end;
            }
        }
        return new JpegImage(out.toByteArray(), width, height);
    }

    private static boolean isStartOfFrame(int m) {
        return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
    }

    /**
     * Only what cameras and phones write: Huffman-coded baseline (SOF0), extended (SOF1) or progressive (SOF2)
     * frames of 8-bit samples, one (grey) or three (colour) components, sampling factors 1 to 4. Lossless,
     * hierarchical and arithmetic-coded frames are refused before any decoder sees them.
     */
    private static void checkFrame(byte[] b, int at, int length, int marker, String field) {
        if (marker > 0xC2) {
            throw unsupported(field);
        }
        int precision = b[at + 2] & 0xFF;
        int components = b[at + 7] & 0xFF;
        if (precision != 8 || components != 1 && components != 3 || length != 8 + 3 * components) {
            throw unsupported(field);
        }
        for (int c = 0; c < components; c++) {
            int sampling = b[at + 9 + 3 * c] & 0xFF;
            int h = sampling >> 4;
            int v = sampling & 0x0F;
            if (h < 1 || h > 4 || v < 1 || v > 4) {
                throw corrupt(field);
            }
        }
    }

    /** Where the entropy-coded data after SOS ends: the next marker that is neither a stuffed 0xFF00 nor RSTn. */
    private static int entropyEnd(byte[] b, int from) {
        for (int j = from; j + 1 < b.length; j++) {
            if ((b[j] & 0xFF) == 0xFF) {
                int n = b[j + 1] & 0xFF;
                if (n != 0x00 && !(n >= 0xD0 && n <= 0xD7) && n != 0xFF) {
                    return j;
                }
            }
        }
        return -1;
    }

    private static void checkDimensions(int w, int h, ImageRule rule, String field) {
        if (w == 0 || h == 0) {
            throw corrupt(field);
        }
        if (rule.exact && (w != rule.minWidth || h != rule.minHeight)) {
            throw invalid(field, "DIMENSIONS", Texts.of("field.image.dimensions", rule.minWidth, rule.minHeight));
        }
        if (w > rule.maxWidth || h > rule.maxHeight) {
            throw invalid(field, "PIXEL_FLOOD", Texts.of("field.image.pixel-flood", rule.maxWidth, rule.maxHeight));
        }
        if (w < rule.minWidth || h < rule.minHeight) {
            throw invalid(field, "DIMENSIONS", "field.image.too-small");
        }
    }

    /**
     * Decodes the inspected bytes once, in memory (no cache file). A progressive image is read out in one output pass
     * after its last scan rather than once per scan (the source passes start past {@link #MAX_SCANS}), so the cost is
     * the scans' entropy decoding plus one full frame. Blocking: run on the worker pool.
     */
    void decode(String field) {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
            if (!readers.hasNext()) {
                throw new IllegalStateException("no JPEG reader");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceProgressivePasses(MAX_SCANS, 1);
                var img = reader.read(0, param);
                if (img.getWidth() != width || img.getHeight() != height) {
                    throw corrupt(field);
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof Problem p) {
                throw p;
            }
            throw corrupt(field);
        }
    }

    private static Problem truncated(String field) {
        return invalid(field, "TRUNCATED", "field.image.truncated");
    }

    private static Problem unsupported(String field) {
        return invalid(field, "UNSUPPORTED", "field.image.unsupported");
    }

    private static Problem corrupt(String field) {
        return invalid(field, "CORRUPT", "field.image.corrupt");
    }

    static Problem invalid(String field, String code, String message) {
        return new Problem(400, "PHOTO_INVALID", "problem.photo-invalid.title", message, List.of(new FieldError(field, code, message)), null);
    }
}

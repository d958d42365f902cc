package cn.zikao.identity;

import cn.zikao.platform.Png;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.CubicCurve2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.security.SecureRandom;

/**
 * Draws a captcha answer as a PNG a person reads on a phone and a solver does not segment cheaply: dark letters of
 * varied fonts, sizes and slants that touch, two strokes of the letters' own shade through them, a wave distortion
 * of the whole picture and speckles. Drawn at twice the size shown (44 px high), so it stays sharp on phone screens.
 *
 * <p>Drawn in 8-bit grey and written by {@link Png} (one IDAT, fastest deflate, a per-row filter): colour adds nothing a solver cannot take out, and at the opening every captcha is drawn beside the
 * password hashing, so a third of the pixels and no ImageIO round trip make it about four times cheaper than an RGB
 * image through ImageIO. Blocking (java.awt): call it on the worker pool.
 */
final class CaptchaImage {
    static final int WIDTH = 240;
    static final int HEIGHT = 72;
    private static final String[] FAMILIES = {Font.SANS_SERIF, Font.SERIF, Font.MONOSPACED};

    /** The letters' outlines, once per family at {@link #OUTLINE_SIZE}: filling a scaled outline costs a tenth of laying out and rasterising a glyph of a new font at a new slant for every letter. */
    private static final int OUTLINE_SIZE = 100;
    private static final Shape[][] GLYPHS;

    static {
        System.setProperty("java.awt.headless", "true");
        FontRenderContext frc = new FontRenderContext(null, true, true);
        GLYPHS = new Shape[FAMILIES.length][];
        for (int f = 0; f < FAMILIES.length; f++) {
            Font font = new Font(FAMILIES[f], Font.BOLD, OUTLINE_SIZE);
            GLYPHS[f] = new Shape[Captchas.ALPHABET.length()];
            for (int c = 0; c < Captchas.ALPHABET.length(); c++) {
                GLYPHS[f][c] = font.createGlyphVector(frc, Captchas.ALPHABET.substring(c, c + 1)).getOutline();
            }
        }
    }

    private CaptchaImage() {}

    static byte[] draw(String answer, SecureRandom random) {
        BufferedImage flat = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = flat.createGraphics();
        int ink = 20 + random.nextInt(60);
        int paper = 236 + random.nextInt(16);
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(grey(paper));
            g.fillRect(0, 0, WIDTH, HEIGHT);
            for (int i = 0; i < 5; i++) {
                g.setColor(grey(150 + random.nextInt(80)));
                g.setStroke(new BasicStroke(1 + random.nextInt(2)));
                g.drawLine(random.nextInt(WIDTH), random.nextInt(HEIGHT), random.nextInt(WIDTH), random.nextInt(HEIGHT));
            }
            // letters close enough to touch: a solver cannot cut the picture at blank columns
            double step = (WIDTH - 24.0) / answer.length();
            for (int i = 0; i < answer.length(); i++) {
                AffineTransform saved = g.getTransform();
                int size = 40 + random.nextInt(9);
                double x = 12 + i * step + random.nextInt(5) - 2;
                double y = HEIGHT / 2.0 + size / 2.8 + random.nextInt(9) - 4;
                g.rotate((random.nextDouble() - 0.5) * 0.7, x + step / 2, y - size / 3.0);
                g.shear((random.nextDouble() - 0.5) * 0.4, 0);
                g.translate(x, y);
                g.scale(size / (double) OUTLINE_SIZE, size / (double) OUTLINE_SIZE);
                g.setColor(grey(i % 2 == 0 ? ink : ink + 40));
                g.fill(glyph(random.nextInt(FAMILIES.length), answer.charAt(i)));
                g.setTransform(saved);
            }
            g.setColor(grey(ink));
            for (int i = 0; i < 2; i++) {
                g.setStroke(new BasicStroke(2.2f + random.nextFloat()));
                g.draw(new CubicCurve2D.Double(0, HEIGHT * (0.3 + 0.4 * random.nextDouble()),
                        WIDTH / 3.0, random.nextInt(HEIGHT), 2 * WIDTH / 3.0, random.nextInt(HEIGHT),
                        WIDTH, HEIGHT * (0.3 + 0.4 * random.nextDouble())));
            }
        } finally {
            g.dispose();
        }
        byte[] pixels = wave(((DataBufferByte) flat.getRaster().getDataBuffer()).getData(), (byte) paper, random);
        for (int i = 0; i < 220; i++) {
            pixels[random.nextInt(HEIGHT) * WIDTH + random.nextInt(WIDTH)] = (byte) random.nextInt(160);
        }
        return Png.grey(WIDTH, HEIGHT, pixels);
    }

    private static Shape glyph(int family, char letter) {
        int at = Captchas.ALPHABET.indexOf(letter);
        return at >= 0 ? GLYPHS[family][at] : new Font(FAMILIES[family], Font.BOLD, OUTLINE_SIZE)
                .createGlyphVector(new FontRenderContext(null, true, true), String.valueOf(letter)).getOutline();
    }

    private static Color grey(int level) {
        return new Color(level, level, level);
    }

    /** Shifts each column up or down and each row sideways along sine waves of random phase. */
    private static byte[] wave(byte[] src, byte background, SecureRandom random) {
        byte[] dst = new byte[WIDTH * HEIGHT];
        double ampY = 4 + 3 * random.nextDouble();
        double ampX = 2 + 2 * random.nextDouble();
        double periodY = 50 + 40 * random.nextDouble();
        double periodX = 25 + 20 * random.nextDouble();
        double phaseY = random.nextDouble() * 2 * Math.PI;
        double phaseX = random.nextDouble() * 2 * Math.PI;
        int[] shiftY = new int[WIDTH];
        for (int x = 0; x < WIDTH; x++) {
            shiftY[x] = (int) Math.round(ampY * Math.sin(2 * Math.PI * x / periodY + phaseY));
        }
        for (int y = 0; y < HEIGHT; y++) {
            int shiftX = (int) Math.round(ampX * Math.sin(2 * Math.PI * y / periodX + phaseX));
            for (int x = 0; x < WIDTH; x++) {
                int sx = x + shiftX;
                int sy = y + shiftY[x];
                dst[y * WIDTH + x] = sx >= 0 && sx < WIDTH && sy >= 0 && sy < HEIGHT ? src[sy * WIDTH + sx] : background;
            }
        }
        return dst;
    }

}

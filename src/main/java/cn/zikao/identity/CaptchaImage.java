package cn.zikao.identity;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.CubicCurve2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import javax.imageio.ImageIO;

/**
 * Draws a captcha answer as a PNG a person reads on a phone and a solver does not segment cheaply: dark letters of
 * varied fonts, sizes and slants that touch, two strokes of the letters' own colour through them, a wave distortion
 * of the whole picture and speckles. Drawn at twice the size shown (44 px high), so it stays sharp on phone screens.
 * Blocking (java.awt): call it on the worker pool.
 */
final class CaptchaImage {
    static final int WIDTH = 240;
    static final int HEIGHT = 72;
    private static final String[] FAMILIES = {Font.SANS_SERIF, Font.SERIF, Font.MONOSPACED};

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private CaptchaImage() {}

    static byte[] draw(String answer, SecureRandom random) {
        BufferedImage flat = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = flat.createGraphics();
        Color ink = new Color(20 + random.nextInt(60), 20 + random.nextInt(60), 40 + random.nextInt(80));
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(238 + random.nextInt(12), 238 + random.nextInt(12), 228 + random.nextInt(12)));
            g.fillRect(0, 0, WIDTH, HEIGHT);
            for (int i = 0; i < 5; i++) {
                g.setColor(new Color(150 + random.nextInt(80), 150 + random.nextInt(80), 150 + random.nextInt(80)));
                g.setStroke(new BasicStroke(1 + random.nextInt(2)));
                g.drawLine(random.nextInt(WIDTH), random.nextInt(HEIGHT), random.nextInt(WIDTH), random.nextInt(HEIGHT));
            }
            // letters close enough to touch: a solver cannot cut the picture at blank columns
            double step = (WIDTH - 24.0) / answer.length();
            for (int i = 0; i < answer.length(); i++) {
                AffineTransform saved = g.getTransform();
                int size = 40 + random.nextInt(9);
                g.setFont(new Font(FAMILIES[random.nextInt(FAMILIES.length)], Font.BOLD, size));
                double x = 12 + i * step + random.nextInt(5) - 2;
                double y = HEIGHT / 2.0 + size / 2.8 + random.nextInt(9) - 4;
                g.rotate((random.nextDouble() - 0.5) * 0.7, x + step / 2, y - size / 3.0);
                g.shear((random.nextDouble() - 0.5) * 0.4, 0);
                g.setColor(i % 2 == 0 ? ink : ink.brighter());
                g.drawString(String.valueOf(answer.charAt(i)), (float) x, (float) y);
                g.setTransform(saved);
            }
            g.setColor(ink);
            for (int i = 0; i < 2; i++) {
                g.setStroke(new BasicStroke(2.2f + random.nextFloat()));
                g.draw(new CubicCurve2D.Double(0, HEIGHT * (0.3 + 0.4 * random.nextDouble()),
                        WIDTH / 3.0, random.nextInt(HEIGHT), 2 * WIDTH / 3.0, random.nextInt(HEIGHT),
                        WIDTH, HEIGHT * (0.3 + 0.4 * random.nextDouble())));
            }
        } finally {
            g.dispose();
        }
        BufferedImage img = wave(flat, random);
        for (int i = 0; i < 220; i++) {
            int c = random.nextInt(120);
            img.setRGB(random.nextInt(WIDTH), random.nextInt(HEIGHT), new Color(c, c, c + random.nextInt(100)).getRGB());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16384);
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Shifts each column up or down and each row sideways along sine waves of random phase. */
    private static BufferedImage wave(BufferedImage src, SecureRandom random) {
        BufferedImage dst = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        double ampY = 4 + 3 * random.nextDouble();
        double ampX = 2 + 2 * random.nextDouble();
        double periodY = 50 + 40 * random.nextDouble();
        double periodX = 25 + 20 * random.nextDouble();
        double phaseY = random.nextDouble() * 2 * Math.PI;
        double phaseX = random.nextDouble() * 2 * Math.PI;
        int background = src.getRGB(0, 0);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int sx = (int) Math.round(x + ampX * Math.sin(2 * Math.PI * y / periodX + phaseX));
                int sy = (int) Math.round(y + ampY * Math.sin(2 * Math.PI * x / periodY + phaseY));
                dst.setRGB(x, y, sx >= 0 && sx < WIDTH && sy >= 0 && sy < HEIGHT ? src.getRGB(sx, sy) : background);
            }
        }
        return dst;
    }
}

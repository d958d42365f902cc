package cn.zikao.identity;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import javax.imageio.ImageIO;

/** Draws a captcha answer as a small noisy PNG. Blocking (java.awt): call it on the worker pool. */
final class CaptchaImage {
    static final int WIDTH = 120;
    static final int HEIGHT = 40;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private CaptchaImage() {}

    static byte[] draw(String answer, SecureRandom random) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(245, 245, 240));
            g.fillRect(0, 0, WIDTH, HEIGHT);
            for (int i = 0; i < 6; i++) {
                g.setColor(new Color(random.nextInt(160), random.nextInt(160), random.nextInt(160)));
                g.setStroke(new BasicStroke(1 + random.nextInt(2)));
                g.drawLine(random.nextInt(WIDTH), random.nextInt(HEIGHT), random.nextInt(WIDTH), random.nextInt(HEIGHT));
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 26));
            for (int i = 0; i < answer.length(); i++) {
                AffineTransform saved = g.getTransform();
                int x = 10 + i * 26 + random.nextInt(5);
                int y = 28 + random.nextInt(6);
                g.rotate((random.nextDouble() - 0.5) * 0.6, x, y);
                g.setColor(new Color(20 + random.nextInt(100), 20 + random.nextInt(100), 20 + random.nextInt(100)));
                g.drawString(String.valueOf(answer.charAt(i)), x, y);
                g.setTransform(saved);
            }
            for (int i = 0; i < 120; i++) {
                img.setRGB(random.nextInt(WIDTH), random.nextInt(HEIGHT), random.nextInt(0xFFFFFF));
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

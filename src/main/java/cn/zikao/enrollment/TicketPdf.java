package cn.zikao.enrollment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;

/**
 * Draws a 准考证 on one A4 page in black only, so that it prints in black and white: the candidate with the photo,
 * a table of the paid courses with venue, room and seat, the venues' addresses and 考生须知, labelled in the
 * ticket's language (a Tibetan ticket has Tibetan labels and rules; the plan's names stay as the plan writes them).
 * Blocking: call it on the worker pool.
 */
final class TicketPdf {
    private static final float MARGIN = 42;
    private static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;
    private static final float[] COLUMNS = {54, 150, 96, 125, 50, 36};

    /** What the ticket shows, in the language of {@code texts}; {@code photo} is a JPEG or null. */
    record Ticket(TicketTexts texts, String sittingName, String name, String gender, String admissionNo, String idNumberMasked,
                  String areaName, byte[] photo, List<Line> lines) {}

    record Line(String courseCode, String courseName, String date, String time, String venueName, String venueAddress,
                int roomNo, int seatNo) {}

    private TicketPdf() {}

    static byte[] render(Ticket t) throws IOException {
        TicketTexts x = t.texts();
        try (PDDocument doc = new PDDocument(); TicketFonts.Loaded fonts = TicketFonts.load(doc)) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            doc.getDocumentInformation().setTitle(x.title.replace(" ", "") + " " + t.admissionNo());
            try (PDPageContentStream out = new PDPageContentStream(doc, page)) {
                Pen pen = new Pen(out, fonts);
                float top = PDRectangle.A4.getHeight() - MARGIN;
                // Tibetan letters stack below the line: the title keeps clear of the heading's subjoined letters
                pen.centered(top - 16, 16, x.heading);
                pen.centered(top - 50, 24, x.title);
                pen.centered(top - 76, 11, t.sittingName());
                float y = top - 100;
                float photoW = 84;
                float photoH = 112;
                float photoX = MARGIN + WIDTH - photoW;
                if (t.photo() != null) {
                    out.drawImage(JPEGFactory.createFromByteArray(doc, t.photo()), photoX, y - photoH, photoW, photoH);
                } else {
                    pen.centeredIn(photoX, photoW, y - photoH / 2, 9, x.photoMissing);
                }
                pen.box(photoX, y - photoH, photoW, photoH);
                String[][] facts = {{x.name, t.name()}, {x.gender, t.gender()}, {x.admissionNo, t.admissionNo()},
                        {x.idNumber, t.idNumberMasked()}, {x.area, t.areaName()}};
                // the values line up after the longest label, which is longer in Tibetan
                float labels = 64;
                for (String[] f : facts) {
                    labels = Math.max(labels, pen.width(x.label(f[0]), 11) + 8);
                }
                for (String[] f : facts) {
                    pen.text(MARGIN, y - 14, 11, x.label(f[0]));
                    pen.text(MARGIN + labels, y - 14, 12, f[1]);
                    y -= 22;
                }
                y = Math.min(y, top - 100 - photoH) - 20;
                y = table(pen, x, y, t.lines());
                y = venues(pen, x, y - 14, t.lines());
                rules(pen, x, y - 16);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            doc.save(bytes);
            return bytes.toByteArray();
        }
    }

    private static float table(Pen pen, TicketTexts x, float y, List<Line> lines) throws IOException {
        float rowTop = y;
        List<List<String>> heads = new ArrayList<>();
        for (int i = 0; i < COLUMNS.length; i++) {
            heads.add(pen.wrap(x.columns.get(i), COLUMNS[i] - 8, 10));
        }
        float header = 7 + 13 * heads.stream().mapToInt(List::size).max().orElse(1);
        pen.row(rowTop, header, COLUMNS, heads, 10);
        rowTop -= header;
        for (Line l : lines) {
            List<List<String>> cells = List.of(List.of(l.courseCode()), pen.wrap(l.courseName(), COLUMNS[1] - 8, 10),
                    List.of(l.date(), l.time()), pen.wrap(l.venueName(), COLUMNS[3] - 8, 10),
                    pen.wrap(x.room(l.roomNo()), COLUMNS[4] - 8, 10), List.of(TicketTexts.seat(l.seatNo())));
            int height = cells.stream().mapToInt(List::size).max().orElse(1);
            float h = 8 + 13 * height;
            pen.row(rowTop, h, COLUMNS, cells, 10);
            rowTop -= h;
        }
        return rowTop;
    }

    private static float venues(Pen pen, TicketTexts x, float y, List<Line> lines) throws IOException {
        Map<String, String> addresses = new LinkedHashMap<>();
        lines.forEach(l -> addresses.putIfAbsent(l.venueName(), l.venueAddress()));
        pen.text(MARGIN, y, 11, x.label(x.venues));
        for (Map.Entry<String, String> v : addresses.entrySet()) {
            y -= 15;
            pen.text(MARGIN + 12, y, 10, v.getKey() + "　" + v.getValue());
        }
        return y;
    }

    private static void rules(Pen pen, TicketTexts x, float y) throws IOException {
        pen.text(MARGIN, y, 12, x.rulesTitle);
        y -= 6;
        int n = 1;
        for (String rule : x.rules) {
            List<String> wrapped = pen.wrap(n++ + ". " + rule, WIDTH - 12, 9.5f);
            for (String line : wrapped) {
                y -= 14;
                pen.text(MARGIN + 6, y, 9.5f, line);
            }
        }
    }

    /** Text in runs of the font that has the glyphs (Tibetan or not), boxes and table rows. */
    private record Pen(PDPageContentStream out, TicketFonts.Loaded fonts) {
        void text(float x, float y, float size, String s) throws IOException {
            out.beginText();
            out.newLineAtOffset(x, y);
            for (String[] run : runs(s)) {
                out.setFont(run[0].equals("t") ? fonts.tibetan() : fonts.han(), size);
                out.showText(run[1]);
            }
            out.endText();
        }

        void centered(float y, float size, String s) throws IOException {
            centeredIn(MARGIN, WIDTH, y, size, s);
        }

        void centeredIn(float x, float w, float y, float size, String s) throws IOException {
            text(x + (w - width(s, size)) / 2, y, size, s);
        }

        float width(String s, float size) throws IOException {
            float w = 0;
            for (String[] run : runs(s)) {
                PDFont f = run[0].equals("t") ? fonts.tibetan() : fonts.han();
                w += f.getStringWidth(run[1]) / 1000 * size;
            }
            return w;
        }

        /** Lines no wider than {@code max}; Tibetan breaks after a tsheg, shad or space, never inside a syllable. */
        List<String> wrap(String s, float max, float size) throws IOException {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < s.length(); i = s.offsetByCodePoints(i, 1)) {
                String cp = new String(Character.toChars(s.codePointAt(i)));
                if (line.length() > 0 && width(line + cp, size) > max) {
                    int cut = syllableEnd(line);
                    lines.add(line.substring(0, cut));
                    line.delete(0, cut);
                }
                line.append(cp);
            }
            lines.add(line.toString());
            return lines;
        }

        private static int syllableEnd(CharSequence line) {
            boolean tibetan = false;
            for (int i = line.length() - 1; i > 0; i--) {
                char c = line.charAt(i);
                tibetan |= Character.UnicodeBlock.of(c) == Character.UnicodeBlock.TIBETAN;
                if (c == '\u0F0B' || c == '\u0F0D' || c == ' ') {
                    return tibetan ? i + 1 : line.length();
                }
            }
            return line.length();
        }

        void box(float x, float y, float w, float h) throws IOException {
            out.setLineWidth(0.8f);
            out.addRect(x, y, w, h);
            out.stroke();
        }

        void row(float top, float h, float[] widths, List<List<String>> cells, float size) throws IOException {
            float x = MARGIN;
            for (int i = 0; i < widths.length; i++) {
                box(x, top - h, widths[i], h);
                float ty = top - 14;
                for (String line : cells.get(i)) {
                    text(x + 4, ty, size, line);
                    ty -= 13;
                }
                x += widths[i];
            }
        }

        /** {"t"|"h", text} runs: Tibetan letters in the Tibetan font, everything else in the Chinese one. */
        private static List<String[]> runs(String s) {
            List<String[]> runs = new ArrayList<>();
            StringBuilder run = new StringBuilder();
            String kind = null;
            for (int i = 0; i < s.length(); i = s.offsetByCodePoints(i, 1)) {
                int cp = s.codePointAt(i);
                String k = Character.UnicodeBlock.of(cp) == Character.UnicodeBlock.TIBETAN ? "t" : "h";
                if (kind != null && !k.equals(kind)) {
                    runs.add(new String[] {kind, run.toString()});
                    run.setLength(0);
                }
                kind = k;
                run.appendCodePoint(cp);
            }
            if (kind != null) {
                runs.add(new String[] {kind, run.toString()});
            }
            return runs;
        }
    }
}

package io.tributary.connect.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A horizontal bar chart of records/s per run, coloured by kind: ours, peer, limit. */
final class Chart {
    private static final Color OURS = new Color(0x1f77b4);
    private static final Color PEER = new Color(0xff7f0e);
    private static final Color LIMIT = new Color(0x7f7f7f);

    private Chart() {
    }

    static void write(List<Result> results, String title, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int barHeight = 26;
        int labelWidth = 420;
        int plotWidth = 560;
        int top = 50;
        int height = top + results.size() * (barHeight + 8) + 50;
        int width = labelWidth + plotWidth + 130;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, 10, 28);
        double max = results.stream().mapToDouble(Result::rate).max().orElse(1);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int y = top;
        for (Result r : results) {
            String label = r.name() + " · " + r.mode() + (r.tasks() > 0 ? " · " + r.tasks() + " task" + (r.tasks() > 1 ? "s" : "") : "");
            g.setColor(Color.BLACK);
            g.drawString(label, 10, y + barHeight - 8);
            int w = (int) Math.max(1, plotWidth * r.rate() / max);
            g.setColor("tributary".equals(r.kind()) ? OURS : "peer".equals(r.kind()) ? PEER : LIMIT);
            g.fillRect(labelWidth, y, w, barHeight);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%,.0f /s", r.rate()), labelWidth + w + 6, y + barHeight - 8);
            y += barHeight + 8;
        }
        g.setStroke(new BasicStroke(1));
        g.drawLine(labelWidth, top - 4, labelWidth, y);
        int lx = 10;
        int ly = height - 20;
        for (Object[] legend : new Object[][]{{OURS, "Tributary"}, {PEER, "peer"}, {LIMIT, "limit"}}) {
            g.setColor((Color) legend[0]);
            g.fillRect(lx, ly - 11, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString((String) legend[1], lx + 20, ly);
            lx += 120;
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }
}

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

/**
 * Horizontal bar charts of a scenario's runs, coloured by kind (ours, peer, limit): records/s, and
 * beside it CPU per record, whose bars stack the run's own threads and, lighter, the database.
 */
final class Chart {
    private static final Color OURS = new Color(0x1f77b4);
    private static final Color PEER = new Color(0xff7f0e);
    private static final Color LIMIT = new Color(0x7f7f7f);

    /** One bar: its label, its kind's colour, and its segments (NaN counts as nothing). */
    private record Bar(String label, String kind, double[] segments, String value) {
        double total() {
            double t = 0;
            for (double s : segments) {
                t += Double.isNaN(s) ? 0 : s;
            }
            return t;
        }
    }

    private Chart() {
    }

    /** Records/s per run. */
    static void write(List<Result> results, String title, Path png) throws IOException {
        draw(results.stream().map(r -> new Bar(label(r), r.kind(), new double[]{r.rate()}, String.format("%,.0f /s", r.rate())))
                .toList(), title, false, png);
    }

    /**
     * CPU per record per run: the run's own threads, then the database's CPU per row where measured.
     * Runs with neither figure are left out.
     */
    static void writeCpu(List<Result> results, String title, Path png) throws IOException {
        List<Bar> bars = results.stream()
                .filter(r -> !Double.isNaN(r.threadCpuMicros()) || !Double.isNaN(r.databaseMicrosPerRow()))
                .map(r -> {
                    double threads = r.threadCpuMicros();
                    double database = r.databaseMicrosPerRow();
                    String value = Double.isNaN(database) ? String.format("%.2f µs", threads)
                            : Double.isNaN(threads) ? String.format("DB %.2f µs", database)
                            : String.format("%.2f + DB %.2f µs", threads, database);
                    return new Bar(label(r), r.kind(), new double[]{threads, database}, value);
                }).toList();
        draw(bars, title, true, png);
    }

    private static String label(Result r) {
        return r.name() + " · " + r.mode() + (r.tasks() > 0 ? " · " + r.tasks() + " task" + (r.tasks() > 1 ? "s" : "") : "");
    }

    private static void draw(List<Bar> bars, String title, boolean database, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        int barHeight = 26;
        // Wide enough for the longest label, measured in the font it is drawn in.
        Graphics2D measure = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        int labelWidth = 20 + bars.stream().mapToInt(b -> measure.getFontMetrics(labelFont).stringWidth(b.label())).max().orElse(0);
        measure.dispose();
        int plotWidth = 560;
        int top = 50;
        int height = top + bars.size() * (barHeight + 8) + 50;
        int width = labelWidth + plotWidth + 170;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, 10, 28);
        double max = bars.stream().mapToDouble(Bar::total).max().orElse(1);
        g.setFont(labelFont);
        int y = top;
        for (Bar bar : bars) {
            g.setColor(Color.BLACK);
            g.drawString(bar.label(), 10, y + barHeight - 8);
            int x = labelWidth;
            Color colour = colour(bar.kind());
            for (int i = 0; i < bar.segments().length; i++) {
                double v = bar.segments()[i];
                if (Double.isNaN(v) || v <= 0) {
                    continue;
                }
                int w = (int) Math.max(1, plotWidth * v / max);
                g.setColor(i == 0 ? colour : lighter(colour));
                g.fillRect(x, y, w, barHeight);
                x += w;
            }
            g.setColor(Color.BLACK);
            g.drawString(bar.value(), x + 6, y + barHeight - 8);
            y += barHeight + 8;
        }
        g.setStroke(new BasicStroke(1));
        g.drawLine(labelWidth, top - 4, labelWidth, y);
        int lx = 10;
        int ly = height - 20;
        boolean anyDatabase = database && bars.stream().anyMatch(b -> b.segments().length > 1 && b.segments()[1] > 0);
        Object[][] legend = anyDatabase
                ? new Object[][]{{OURS, "Tributary"}, {PEER, "peer"}, {LIMIT, "limit"}, {lighter(LIMIT), "database (lighter shade of each)"}}
                : new Object[][]{{OURS, "Tributary"}, {PEER, "peer"}, {LIMIT, "limit"}};
        for (Object[] entry : legend) {
            g.setColor((Color) entry[0]);
            g.fillRect(lx, ly - 11, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString((String) entry[1], lx + 20, ly);
            lx += 120;
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    private static Color colour(String kind) {
        return "tributary".equals(kind) ? OURS : "peer".equals(kind) ? PEER : LIMIT;
    }

    private static Color lighter(Color c) {
        return new Color((c.getRed() + 2 * 255) / 3, (c.getGreen() + 2 * 255) / 3, (c.getBlue() + 2 * 255) / 3);
    }
}

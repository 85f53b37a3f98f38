package org.rlhf4j.eval.report;

import java.util.Locale;

/**
 * A small builder of inline SVG: the charts are drawn here in Java, so the report needs no
 * script and no network. Inline SVG in HTML5 needs no {@code xmlns}, so none is written (the page
 * holds no URL at all). Coordinates are written with one decimal; text is escaped.
 * Fonts and colours of text come from the page's CSS ({@code svg text}), so charts and prose match.
 */
final class Svg {
    static final String AXIS = "#444";
    static final String GRID = "#e3e3e3";
    static final String MUTED = "#666";

    private final StringBuilder out = new StringBuilder();

    Svg(int width, int height, String label) {
        out.append(String.format(Locale.ROOT,
                "<svg class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">\n",
                width, height, width, height, Html.escape(label)));
    }

    Svg line(double x1, double y1, double x2, double y2, String stroke, double width, boolean dashed) {
        out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"%s/>\n",
                x1, y1, x2, y2, stroke, width, dashed ? " stroke-dasharray=\"5 4\"" : ""));
        return this;
    }

    Svg rect(double x, double y, double w, double h, String fill) {
        out.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" rx=\"1.5\"/>\n",
                x, y, w, Math.max(0, h), fill));
        return this;
    }

    Svg circle(double cx, double cy, double r, String fill) {
        out.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"1\"/>\n",
                cx, cy, r, fill));
        return this;
    }

    /** A polyline through the points, x and y interleaved. */
    Svg polyline(double[] xy, String stroke, double width) {
        out.append("<polyline fill=\"none\" stroke-linejoin=\"round\" stroke=\"").append(stroke)
                .append(String.format(Locale.ROOT, "\" stroke-width=\"%.1f\" points=\"", width));
        for (int i = 0; i < xy.length; i += 2) {
            out.append(String.format(Locale.ROOT, "%s%.1f,%.1f", i == 0 ? "" : " ", xy[i], xy[i + 1]));
        }
        out.append("\"/>\n");
        return this;
    }

    /** A vertical error bar from {@code yLo} to {@code yHi} with caps {@code cap} wide. */
    Svg errorBar(double x, double yLo, double yHi, double cap, String stroke) {
        line(x, yLo, x, yHi, stroke, 1.4, false);
        line(x - cap / 2, yLo, x + cap / 2, yLo, stroke, 1.4, false);
        return line(x - cap / 2, yHi, x + cap / 2, yHi, stroke, 1.4, false);
    }

    /** Text anchored {@code start}, {@code middle} or {@code end}; {@code cssClass} picks size and weight. */
    Svg text(double x, double y, String anchor, String cssClass, String text) {
        out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"%s\">%s</text>\n",
                x, y, anchor, cssClass, Html.escape(text)));
        return this;
    }

    String end() {
        return out.append("</svg>\n").toString();
    }
}

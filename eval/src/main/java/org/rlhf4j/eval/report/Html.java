package org.rlhf4j.eval.report;

/** Escaping for text placed in HTML and inline SVG: model outputs are untrusted and may hold markup. */
final class Html {
    private Html() {}

    /** Escapes {@code & < > " '}, so the text is safe as element content and inside quoted attributes. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

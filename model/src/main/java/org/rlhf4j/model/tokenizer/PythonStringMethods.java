package org.rlhf4j.model.tokenizer;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Python {@code str} methods that chat templates call on strings ({@code content.lstrip()},
 * {@code role.startswith('sys')}, {@code text.split('\n')}...) and that jinjava, which calls
 * Java methods on Java strings, does not have. {@code strip()} and {@code replace()} exist on
 * {@link String} and need nothing here, except {@code strip(chars)}.
 *
 * <p>Placed in front of jinjava's own resolvers: it answers only method calls on strings whose
 * name it knows and leaves everything else to them.
 */
final class PythonStringMethods extends ELResolver {

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(base instanceof String s) || method == null) {
            return null;
        }
        Object[] args = params == null ? new Object[0] : params;
        Object result;
        switch (method.toString()) {
            case "strip" -> {
                if (args.length != 1) {
                    return null; // String.strip() does the no-argument case
                }
                result = rstrip(lstrip(s, chars(args[0])), chars(args[0]));
            }
            case "lstrip" -> result = lstrip(s, args.length > 0 ? chars(args[0]) : null);
            case "rstrip" -> result = rstrip(s, args.length > 0 ? chars(args[0]) : null);
            case "upper" -> result = s.toUpperCase(Locale.ROOT);
            case "lower" -> result = s.toLowerCase(Locale.ROOT);
            case "title" -> result = title(s);
            case "capitalize" -> result = s.isEmpty() ? s
                    : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
            case "startswith" -> result = anyMatch(args, p -> s.startsWith(p));
            case "endswith" -> result = anyMatch(args, p -> s.endsWith(p));
            case "split" -> result = split(s, args);
            case "splitlines" -> result = new ArrayList<>(s.lines().toList());
            case "find" -> result = (long) s.indexOf(String.valueOf(args[0]));
            case "count" -> result = (long) count(s, String.valueOf(args[0]));
            case "isspace" -> result = !s.isEmpty() && s.isBlank();
            case "isdigit" -> result = !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "join" -> result = join(s, args);
            default -> {
                return null;
            }
        }
        context.setPropertyResolved(true);
        return result;
    }

    private static String chars(Object arg) {
        return arg == null ? null : String.valueOf(arg);
    }

    private static boolean isStripped(int cp, String chars) {
        return chars == null ? Character.isWhitespace(cp) : chars.indexOf(cp) >= 0;
    }

    static String lstrip(String s, String chars) {
        int i = 0;
        while (i < s.length() && isStripped(s.codePointAt(i), chars)) {
            i += Character.charCount(s.codePointAt(i));
        }
        return s.substring(i);
    }

    static String rstrip(String s, String chars) {
        int j = s.length();
        while (j > 0 && isStripped(s.codePointBefore(j), chars)) {
            j -= Character.charCount(s.codePointBefore(j));
        }
        return s.substring(0, j);
    }

    private static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean previousCased = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(previousCased ? Character.toLowerCase(c) : Character.toUpperCase(c));
            previousCased = Character.isLetter(c);
        }
        return out.toString();
    }

    private interface StringTest {
        boolean test(String prefix);
    }

    private static boolean anyMatch(Object[] args, StringTest test) {
        if (args.length == 0) {
            return false;
        }
        if (args[0] instanceof Collection<?> options) { // Python accepts a tuple of prefixes
            for (Object o : options) {
                if (test.test(String.valueOf(o))) {
                    return true;
                }
            }
            return false;
        }
        return test.test(String.valueOf(args[0]));
    }

    private static List<Object> split(String s, Object[] args) {
        String sep = args.length > 0 && args[0] != null ? String.valueOf(args[0]) : null;
        int maxSplit = args.length > 1 && args[1] != null ? ((Number) args[1]).intValue() : -1;
        List<Object> parts = new ArrayList<>();
        if (sep == null) { // Python: split on runs of whitespace, no empty strings
            String rest = lstrip(s, null);
            while (!rest.isEmpty()) {
                if (maxSplit >= 0 && parts.size() == maxSplit) {
                    parts.add(rstrip(rest, null));
                    return parts;
                }
                int end = 0;
                while (end < rest.length() && !Character.isWhitespace(rest.charAt(end))) {
                    end++;
                }
                parts.add(rest.substring(0, end));
                rest = lstrip(rest.substring(end), null);
            }
            return parts;
        }
        if (sep.isEmpty()) {
            throw new IllegalArgumentException("empty separator");
        }
        int from = 0;
        while (maxSplit < 0 || parts.size() < maxSplit) {
            int at = s.indexOf(sep, from);
            if (at < 0) {
                break;
            }
            parts.add(s.substring(from, at));
            from = at + sep.length();
        }
        parts.add(s.substring(from));
        return parts;
    }

    private static int count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.length() + 1;
        }
        int n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
            n++;
        }
        return n;
    }

    private static String join(String sep, Object[] args) {
        if (args.length != 1 || !(args[0] instanceof Iterable<?> items)) {
            throw new IllegalArgumentException("join expects one list");
        }
        StringBuilder out = new StringBuilder();
        for (Iterator<?> it = items.iterator(); it.hasNext(); ) {
            out.append(it.next());
            if (it.hasNext()) {
                out.append(sep);
            }
        }
        return out.toString();
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}

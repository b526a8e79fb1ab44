package org.jrhcs.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * POSIX getopt for the tools that mimic C programs: short options, clustered flags
 * ({@code -lx}), arguments attached or separate ({@code -s web}, {@code -sweb}),
 * {@code --} ends options. An unknown option or a missing argument is an
 * IllegalArgumentException whose message the tool prints.
 */
public final class Getopt {
    private final Map<Character, String> options = new LinkedHashMap<>();
    private final List<String> operands = new ArrayList<>();

    private Getopt() {}

    /** @param spec getopt's option string: a letter, followed by ':' when it takes an argument */
    public static Getopt parse(String[] args, String spec) {
        Getopt g = new Getopt();
        int i = 0;
        for (; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) { i++; break; }
            if (!a.startsWith("-") || a.length() == 1) { g.operands.add(a); continue; }
            for (int j = 1; j < a.length(); j++) {
                char c = a.charAt(j);
                int at = spec.indexOf(c);
                if (at < 0 || c == ':') throw new IllegalArgumentException("invalid option -- '" + c + "'");
                boolean takesArg = at + 1 < spec.length() && spec.charAt(at + 1) == ':';
                if (!takesArg) { g.options.put(c, ""); continue; }
                String value;
                if (j + 1 < a.length()) value = a.substring(j + 1);
                else if (i + 1 < args.length) value = args[++i];
                else throw new IllegalArgumentException("option requires an argument -- '" + c + "'");
                g.options.put(c, value);
                break;
            }
        }
        for (; i < args.length; i++) g.operands.add(args[i]);
        return g;
    }

    public boolean has(char option) { return options.containsKey(option); }

    public String value(char option) { return options.get(option); }

    public List<String> operands() { return operands; }
}

package org.jrhcs.ccs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The first validation layer: cluster.conf against the project's own XSD
 * ({@code cluster.xsd} beside this class). XSD was chosen over RELAX NG because the JDK
 * validates it with no extra library, inside the same SAX pass that reads the file's
 * original bytes, so each problem has the real line and column.
 *
 * <p>The validator's messages are technical ("cvc-attribute.3: ..."); they are
 * rewritten here into what an administrator needs: which attribute on which element,
 * and what it must be.
 *
 * <p>Threading: stateless; the compiled schema is shared and thread-safe.
 */
public final class ConfSchema {
    /** What one SAX pass found: the problems, and whether the XML was well-formed at all. */
    public record Report(List<Problem> problems, boolean wellFormed) {
        public Report { problems = List.copyOf(problems); }
    }

    private static volatile Schema schema;

    private ConfSchema() {}

    /** The compiled schema (loaded once). */
    public static Schema schema() {
        Schema s = schema;
        if (s == null) {
            synchronized (ConfSchema.class) {
                if (schema == null) {
                    URL xsd = ConfSchema.class.getResource("cluster.xsd");
                    if (xsd == null) throw new IllegalStateException("cluster.xsd is missing from the class path");
                    try {
                        schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(xsd);
                    } catch (SAXException e) {
                        throw new IllegalStateException("cluster.xsd does not compile: " + e.getMessage(), e);
                    }
                }
                s = schema;
            }
        }
        return s;
    }

    /**
     * The JDK's validator words its messages in the default locale and ignores Xerces'
     * locale property; the messages are parsed below, so validation runs with an English
     * default locale, one validation at a time.
     */
    private static final Object LOCALE_LOCK = new Object();

    /** Validates the file's bytes as read from disk; never throws for bad input. */
    public static Report validate(byte[] xml, String fileName) {
        Schema compiled = schema();
        synchronized (LOCALE_LOCK) {
            Locale saved = Locale.getDefault();
            boolean english = "en".equals(saved.getLanguage());
            if (!english) Locale.setDefault(Locale.ENGLISH);
            try {
                return validate(xml, fileName, compiled);
            } finally {
                if (!english) Locale.setDefault(saved);
            }
        }
    }

    private static Report validate(byte[] xml, String fileName, Schema compiled) {
        Collector collector = new Collector(fileName);
        try {
            SAXParserFactory f = ConfDocument.saxFactory();
            f.setSchema(compiled);
            SAXParser parser = f.newSAXParser();
            parser.parse(new ByteArrayInputStream(xml), collector);
        } catch (SAXParseException e) {
            // fatal errors were already recorded by the handler before it rethrew
            return new Report(collector.problems, false);
        } catch (SAXException | ParserConfigurationException e) {
            collector.problems.add(Problem.error(new ConfLocation(fileName, 0, 0), "cannot validate: " + e.getMessage()));
            return new Report(collector.problems, false);
        } catch (IOException e) {
            collector.problems.add(Problem.error(new ConfLocation(fileName, 0, 0), "cannot read: " + e.getMessage()));
            return new Report(collector.problems, false);
        }
        if (collector.rootName == null) {
            collector.problems.add(Problem.error(new ConfLocation(fileName, 1, 1), "the file has no XML element"));
            return new Report(collector.problems, false);
        }
        return new Report(collector.problems, true);
    }

    /** Receives SAX events and validator errors, in document order. */
    private static final class Collector extends DefaultHandler {
        private final String fileName;
        private final List<Problem> problems = new ArrayList<>();
        private final Deque<String> open = new ArrayDeque<>();
        private Locator locator;
        private String rootName;
        private boolean wrongRoot;
        /** The validator reports a bad value twice (the type's facet, then the attribute); the first is kept for the second. */
        private String pendingDetail;

        Collector(String fileName) { this.fileName = fileName; }

        @Override public void setDocumentLocator(Locator l) { locator = l; }

        @Override public void startElement(String uri, String local, String qName, Attributes atts) {
            if (rootName == null) {
                rootName = qName;
                if (!"cluster".equals(qName)) {
                    wrongRoot = true;
                    problems.clear();
                    problems.add(Problem.error(here(), "the top element is <" + qName + ">, expected <cluster>"));
                }
            }
            open.push(qName);
        }

        @Override public void endElement(String uri, String local, String qName) { open.pop(); }

        private ConfLocation here() {
            return locator == null ? new ConfLocation(fileName, 0, 0)
                    : new ConfLocation(fileName, locator.getLineNumber(), locator.getColumnNumber());
        }

        private ConfLocation at(SAXParseException e) {
            return new ConfLocation(fileName, Math.max(e.getLineNumber(), 0), Math.max(e.getColumnNumber(), 0));
        }

        @Override public void warning(SAXParseException e) {
            // XSD validation has no warnings worth an administrator's time
        }

        @Override public void error(SAXParseException e) {
            if (wrongRoot) return;
            String text = Messages.translate(e.getMessage(), open.peek(), this);
            if (text != null) problems.add(Problem.error(at(e), text));
        }

        @Override public void fatalError(SAXParseException e) throws SAXException {
            problems.add(Problem.error(at(e), Messages.notWellFormed(e.getMessage())));
            throw e;
        }
    }

    /** Rewrites the validator's and parser's messages. */
    static final class Messages {
        private static final Pattern CODE = Pattern.compile("^(cvc-[\\w.-]+): (.*)$", Pattern.DOTALL);
        private static final Pattern BAD_VALUE = Pattern.compile(
                "The value '(.*)' of attribute '(.*)' on element '(.*)' is not valid with respect to its type, '(.*)'\\.");
        private static final Pattern ENUMERATION = Pattern.compile("enumeration '\\[(.*)\\]'");
        private static final Pattern NOT_ALLOWED_ATTR = Pattern.compile("Attribute '(.*)' is not allowed to appear in element '(.*)'\\.");
        private static final Pattern MISSING_ATTR = Pattern.compile("Attribute '(.*)' must appear on element '(.*)'\\.");
        private static final Pattern BAD_CHILD = Pattern.compile("Invalid content was found starting with element '(?:\\{[^}]*\\}:?)?([^']*)'\\..*", Pattern.DOTALL);
        private static final Pattern TEXT_IN = Pattern.compile("Element '(.*)' (?:cannot have character|must have no character).*", Pattern.DOTALL);

        /** What each schema type means, in words (the type names are cluster.xsd's). */
        private static final Map<String, String> TYPE_WORDS = Map.ofEntries(
                Map.entry("whole-number", "a whole number"),
                Map.entry("count-from-0", "a whole number, 0 or more"),
                Map.entry("count-from-1", "a whole number, 1 or more"),
                Map.entry("flag", "0 or 1"),
                Map.entry("port-number", "a port number from 0 to 65535"),
                Map.entry("ttl-value", "a TTL from 0 to 255"),
                Map.entry("log-level", "a syslog level from 0 (emergencies) to 7 (debug)"),
                Map.entry("domain-priority", "a priority from 1 (most preferred) to 100"),
                Map.entry("delay-seconds", "a number of seconds (-1 means wait for every node)"));

        private Messages() {}

        static String translate(String raw, String openElement, Collector state) {
            Matcher code = CODE.matcher(raw == null ? "" : raw);
            if (!code.matches()) return raw;
            String key = code.group(1);
            String text = code.group(2);
            Matcher m;
            switch (key) {
                case "cvc-datatype-valid.1.2.1", "cvc-minInclusive-valid", "cvc-maxInclusive-valid",
                     "cvc-enumeration-valid", "cvc-datatype-valid.1.2.3" -> {
                    state.pendingDetail = text;
                    return null;
                }
                case "cvc-attribute.3" -> {
                    String detail = state.pendingDetail;
                    state.pendingDetail = null;
                    if ((m = BAD_VALUE.matcher(text)).matches())
                        return m.group(2) + "=\"" + m.group(1) + "\" on <" + m.group(3) + "> must be " + expected(m.group(4), detail);
                    return text;
                }
                case "cvc-complex-type.3.2.2" -> {
                    if ((m = NOT_ALLOWED_ATTR.matcher(text)).matches())
                        return "<" + m.group(2) + "> has no attribute " + m.group(1) + " (misspelt, or in the wrong element?)";
                    return text;
                }
                case "cvc-complex-type.4" -> {
                    if ((m = MISSING_ATTR.matcher(text)).matches())
                        return "<" + m.group(2) + "> needs a " + m.group(1) + " attribute";
                    return text;
                }
                case "cvc-complex-type.2.4.a", "cvc-complex-type.2.4.d" -> {
                    if ((m = BAD_CHILD.matcher(text)).matches())
                        return "<" + m.group(1) + "> is not allowed inside <" + (openElement == null ? "?" : openElement) + ">";
                    return text;
                }
                case "cvc-complex-type.2.1", "cvc-complex-type.2.3" -> {
                    if ((m = TEXT_IN.matcher(text)).matches())
                        return "<" + m.group(1) + "> cannot contain text, only elements";
                    return text;
                }
                case "cvc-elt.1.a" -> { return "the top element must be <cluster>"; }
                default -> { return text; }
            }
        }

        private static String expected(String typeName, String detail) {
            String words = TYPE_WORDS.get(typeName);
            if (words != null) return words;
            if (detail != null) {
                Matcher e = ENUMERATION.matcher(detail);
                if (e.find()) return "one of: " + e.group(1);
            }
            return "a valid " + typeName;
        }

        static String notWellFormed(String raw) {
            String text = raw == null ? "" : raw;
            if (text.contains("must start and end within the same entity") || text.contains("Premature end of file"))
                return "the file ends before the XML is complete (is it truncated?)";
            if (text.contains("must be terminated by the matching end-tag"))
                return "not well-formed XML: " + text.replace("The element type", "element")
                        .replace("must be terminated by the matching end-tag", "must be closed by");
            return "not well-formed XML: " + text;
        }
    }
}

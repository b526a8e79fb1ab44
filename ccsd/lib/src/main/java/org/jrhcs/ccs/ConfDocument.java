package org.jrhcs.ccs;

import jakarta.xml.bind.Binder;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.jrhcs.ccs.model.Cluster;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.ext.DefaultHandler2;

/**
 * One cluster.conf as read from disk: the DOM exactly as written (comments, order and
 * unknown elements included, every element tagged with its file, line and column), and
 * the typed JAXB model bound to it. The model is a read view: JAXB's own writer would
 * reorder elements and drop comments, so edits go to the DOM (see {@link ConfEditor})
 * and {@link #toXml()} writes the DOM back exactly as held.
 */
public final class ConfDocument {
    private static final String LOCATION_KEY = "org.jrhcs.ccs.location";
    private static volatile JAXBContext context;

    private final String fileName;
    private final Document dom;
    private final Binder<Node> binder;
    private final Cluster cluster;

    private ConfDocument(String fileName, Document dom, Binder<Node> binder, Cluster cluster) {
        this.fileName = fileName;
        this.dom = dom;
        this.binder = binder;
        this.cluster = cluster;
    }

    public static ConfDocument load(Path file) throws ConfException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfException(new ConfLocation(file.toString(), 0, 0), "no such file");
        } catch (IOException e) {
            throw new ConfException(new ConfLocation(file.toString(), 0, 0), "cannot read: " + e.getMessage());
        }
        return parse(bytes, file.toString());
    }

    public static ConfDocument parse(String xml, String fileName) throws ConfException {
        return parse(xml.getBytes(StandardCharsets.UTF_8), fileName);
    }

    public static ConfDocument parse(byte[] xml, String fileName) throws ConfException {
        return parse(xml, fileName, false);
    }

    /**
     * Like {@link #parse(byte[], String)}, but a value that does not fit the model (say
     * {@code votes="abc"}) is left unset instead of failing the load. For validators that
     * have already reported such values through the schema and still want to run the
     * semantic checks over the rest. Such values are dropped from this document's DOM.
     */
    public static ConfDocument parseLenient(byte[] xml, String fileName) throws ConfException {
        return parse(xml, fileName, true);
    }

    private static ConfDocument parse(byte[] xml, String fileName, boolean lenient) throws ConfException {
        Document dom = parseDom(xml, fileName);
        Element root = dom.getDocumentElement();
        if (!"cluster".equals(root.getTagName()))
            throw new ConfException(locationOf(root), "the top element is <" + root.getTagName() + ">, expected <cluster>");
        if (lenient) dropValuesThatCannotBind(root);
        List<ConfException> bindErrors = new ArrayList<>();
        try {
            Binder<Node> binder = context().createBinder();
            binder.setEventHandler(event -> {
                if (event.getSeverity() == jakarta.xml.bind.ValidationEvent.WARNING) return true;
                // Keep going so the error can name the element it happened in, not the root.
                Node at = event.getLocator() == null ? null : event.getLocator().getNode();
                bindErrors.add(new ConfException(at == null ? locationOf(root) : locationOf(at),
                        "cannot bind cluster.conf: " + event.getMessage(), event.getLinkedException()));
                return true;
            });
            Object bound = binder.unmarshal(root);
            if (!lenient && !bindErrors.isEmpty()) throw bindErrors.get(0);
            Cluster cluster = bound instanceof JAXBElement<?> je ? (Cluster) je.getValue() : (Cluster) bound;
            return new ConfDocument(fileName, dom, binder, cluster);
        } catch (JAXBException | RuntimeException e) {
            ConfException precise = firstValueThatCannotBind(root);
            if (precise != null) throw precise;
            throw new ConfException(locationOf(root), "cannot bind cluster.conf: " + e.getMessage(), e);
        }
    }

    /** The first integer attribute whose text is not an integer, as an error at its element; null if none. */
    private static ConfException firstValueThatCannotBind(Element e) {
        java.util.Set<String> ints = integerAttributes().get(e.getTagName());
        if (ints != null) {
            for (String name : ints) {
                if (!e.hasAttribute(name)) continue;
                String value = e.getAttribute(name);
                try {
                    Integer.parseInt(value.trim());
                } catch (NumberFormatException nfe) {
                    return new ConfException(locationOf(e), name + "=\"" + value + "\" on <" + e.getTagName()
                            + "> must be a whole number", nfe);
                }
            }
        }
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling())
            if (n instanceof Element child) {
                ConfException found = firstValueThatCannotBind(child);
                if (found != null) return found;
            }
        return null;
    }

    /** Element name -> attributes the model binds to Integer (found once, from the model's annotations). */
    private static volatile java.util.Map<String, java.util.Set<String>> integerAttributes;

    private static java.util.Map<String, java.util.Set<String>> integerAttributes() {
        java.util.Map<String, java.util.Set<String>> m = integerAttributes;
        if (m == null) {
            m = new java.util.HashMap<>();
            collectIntegerAttributes("cluster", Cluster.class, m, new java.util.HashSet<>());
            integerAttributes = m;
        }
        return m;
    }

    private static void collectIntegerAttributes(String tag, Class<?> type, java.util.Map<String, java.util.Set<String>> out,
                                                 java.util.Set<Class<?>> seen) {
        if (!seen.add(type)) return;
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                jakarta.xml.bind.annotation.XmlAttribute a = f.getAnnotation(jakarta.xml.bind.annotation.XmlAttribute.class);
                if (a != null && f.getType() == Integer.class)
                    out.computeIfAbsent(tag, k -> new java.util.HashSet<>()).add(a.name());
                jakarta.xml.bind.annotation.XmlElement e = f.getAnnotation(jakarta.xml.bind.annotation.XmlElement.class);
                if (e != null) {
                    Class<?> child = f.getType();
                    if (java.util.List.class.isAssignableFrom(child)
                            && f.getGenericType() instanceof java.lang.reflect.ParameterizedType pt
                            && pt.getActualTypeArguments()[0] instanceof Class<?> arg)
                        child = arg;
                    collectIntegerAttributes(e.name(), child, out, seen);
                }
            }
        }
    }

    /** Removes integer attributes whose text is not an integer, so binding can go on without them. */
    private static void dropValuesThatCannotBind(Element e) {
        java.util.Set<String> ints = integerAttributes().get(e.getTagName());
        if (ints != null) {
            for (String name : ints) {
                if (!e.hasAttribute(name)) continue;
                try {
                    Integer.parseInt(e.getAttribute(name).trim());
                } catch (NumberFormatException nfe) {
                    e.removeAttribute(name);
                }
            }
        }
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling())
            if (n instanceof Element child) dropValuesThatCannotBind(child);
    }

    /** Parses XML into a DOM whose elements know where they were written. */
    public static Document parseDom(byte[] xml, String fileName) throws ConfException {
        try {
            Document dom = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            SAXParser parser = saxFactory().newSAXParser();
            LocatingBuilder builder = new LocatingBuilder(dom, fileName);
            parser.setProperty("http://xml.org/sax/properties/lexical-handler", builder);
            parser.parse(new ByteArrayInputStream(xml), builder);
            if (dom.getDocumentElement() == null)
                throw new ConfException(new ConfLocation(fileName, 1, 1), "the file has no XML element");
            return dom;
        } catch (SAXParseException e) {
            throw new ConfException(new ConfLocation(fileName, e.getLineNumber(), e.getColumnNumber()),
                    "not well-formed XML: " + e.getMessage(), e);
        } catch (SAXException | ParserConfigurationException e) {
            throw new ConfException(new ConfLocation(fileName, 0, 0), "cannot parse: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ConfException(new ConfLocation(fileName, 0, 0), "cannot read: " + e.getMessage(), e);
        }
    }

    static SAXParserFactory saxFactory() throws ParserConfigurationException, SAXException {
        SAXParserFactory f = SAXParserFactory.newInstance();
        f.setNamespaceAware(true);
        // cluster.conf never needs a DTD or external entity; refusing them keeps a
        // hostile file from reading local files or expanding without bound.
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        return f;
    }

    private static JAXBContext context() throws JAXBException {
        JAXBContext c = context;
        if (c == null) {
            synchronized (ConfDocument.class) {
                if (context == null) context = JAXBContext.newInstance(Cluster.class);
                c = context;
            }
        }
        return c;
    }

    public String fileName() { return fileName; }

    /** The typed model (a read view; edit through {@link ConfEditor}). */
    public Cluster cluster() { return cluster; }

    /** The DOM as read. */
    public Document dom() { return dom; }

    public ConfNode root() { return ConfNode.of(dom.getDocumentElement()); }

    /** Where a model object was written, or the file alone for objects added since. */
    public ConfLocation locationOf(Object modelObject) {
        Node n = binder.getXMLNode(modelObject);
        return n == null ? new ConfLocation(fileName, 0, 0) : locationOf(n);
    }

    public static ConfLocation locationOf(Node node) {
        Object loc = node.getUserData(LOCATION_KEY);
        return loc instanceof ConfLocation l ? l : ConfLocation.UNKNOWN;
    }

    /** Serialises the DOM: comments, order, spacing and unknown content as read. */
    public String toXml() {
        return serialize(dom, fileName);
    }

    static String serialize(Document dom, String fileName) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty(OutputKeys.INDENT, "no");
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(dom), new StreamResult(w));
            String s = "<?xml version=\"1.0\"?>\n" + w;
            return s.endsWith("\n") ? s : s + "\n";
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot serialise " + fileName + ": " + e.getMessage(), e);
        }
    }

    /** Builds the DOM from SAX events, recording each element's position. */
    /** Deepest element nesting a file may use (resource trees included). */
    static final int MAX_DEPTH = 200;

    private static final class LocatingBuilder extends DefaultHandler2 {
        private final Document dom;
        private final String fileName;
        private final List<Node> stack = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private Locator locator;

        LocatingBuilder(Document dom, String fileName) {
            this.dom = dom;
            this.fileName = fileName;
            stack.add(dom);
        }

        @Override public void setDocumentLocator(Locator l) { locator = l; }

        private Node top() { return stack.get(stack.size() - 1); }

        private void flushText() {
            if (text.length() > 0) {
                if (top() != dom) top().appendChild(dom.createTextNode(text.toString()));
                text.setLength(0);
            }
        }

        @Override public void startElement(String uri, String local, String qName, Attributes atts) throws SAXException {
            // Real files nest a dozen levels; the binder recurses once per level, so a
            // hostile file nested thousands deep would overflow the stack.
            if (stack.size() > MAX_DEPTH)
                throw new SAXParseException("elements are nested more than " + MAX_DEPTH + " levels deep", locator);
            flushText();
            Element e = uri == null || uri.isEmpty() ? dom.createElement(qName) : dom.createElementNS(uri, qName);
            for (int i = 0; i < atts.getLength(); i++) {
                String auri = atts.getURI(i);
                if (auri == null || auri.isEmpty()) e.setAttribute(atts.getQName(i), atts.getValue(i));
                else e.setAttributeNS(auri, atts.getQName(i), atts.getValue(i));
            }
            e.setUserData(LOCATION_KEY, new ConfLocation(fileName,
                    locator == null ? 0 : locator.getLineNumber(), locator == null ? 0 : locator.getColumnNumber()), null);
            top().appendChild(e);
            stack.add(e);
        }

        @Override public void endElement(String uri, String local, String qName) {
            flushText();
            stack.remove(stack.size() - 1);
        }

        @Override public void characters(char[] ch, int start, int length) { text.append(ch, start, length); }

        @Override public void ignorableWhitespace(char[] ch, int start, int length) { text.append(ch, start, length); }

        @Override public void comment(char[] ch, int start, int length) {
            flushText();
            top().appendChild(dom.createComment(new String(ch, start, length)));
        }

        @Override public void processingInstruction(String target, String data) {
            flushText();
            top().appendChild(dom.createProcessingInstruction(target, data));
        }
    }
}

package org.jrhcs.ccsd.tool;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * A read-only element tree whose attributes keep the order they were written in.
 * The listing commands print attributes in file order, as RHCS does; a DOM cannot
 * (it sorts attributes by name). Plain JDK SAX, so listing loads no JAXB.
 */
record OrderedXml(String name, Map<String, String> attributes, List<OrderedXml> children) {

    static OrderedXml parse(byte[] xml, String fileName) {
        try {
            SAXParserFactory f = SAXParserFactory.newInstance();
            // cluster.conf never needs a DTD; refusing one keeps a hostile file from expanding or reading files
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            List<OrderedXml> stack = new ArrayList<>();
            OrderedXml[] root = new OrderedXml[1];
            f.newSAXParser().parse(new ByteArrayInputStream(xml), new DefaultHandler() {
                @Override public void startElement(String uri, String local, String qName, Attributes atts) {
                    Map<String, String> a = new LinkedHashMap<>();
                    for (int i = 0; i < atts.getLength(); i++) a.put(atts.getQName(i), atts.getValue(i));
                    OrderedXml e = new OrderedXml(qName, a, new ArrayList<>());
                    if (stack.isEmpty()) root[0] = e;
                    else stack.get(stack.size() - 1).children().add(e);
                    stack.add(e);
                }

                @Override public void endElement(String uri, String local, String qName) {
                    stack.remove(stack.size() - 1);
                }
            });
            return root[0];
        } catch (SAXParseException e) {
            throw new IllegalArgumentException(fileName + ":" + e.getLineNumber() + ":" + e.getColumnNumber()
                    + ": not well-formed XML: " + e.getMessage(), e);
        } catch (SAXException | ParserConfigurationException | IOException e) {
            throw new IllegalArgumentException(fileName + ": cannot parse: " + e.getMessage(), e);
        }
    }

    String attr(String key) { return attributes.get(key); }

    /** The first child element named {@code tag}. */
    Optional<OrderedXml> child(String tag) {
        return children.stream().filter(c -> c.name.equals(tag)).findFirst();
    }

    List<OrderedXml> all(String tag) {
        return children.stream().filter(c -> c.name.equals(tag)).toList();
    }
}

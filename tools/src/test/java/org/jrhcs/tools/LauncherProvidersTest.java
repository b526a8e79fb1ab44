package org.jrhcs.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;

/**
 * The launcher names the JDK's service providers for the tools (cli_providers in
 * bin/jrhcs-launch) to spare the service look-ups at start-up: each must be the provider
 * this JDK picks by itself, or the tools would run with different parsers or sockets.
 */
class LauncherProvidersTest {
    @Test void namedProvidersAreTheJdksDefaults() throws IOException {
        Map<String, String> named = providers(Files.readString(Path.of("bin/jrhcs-launch")));
        assertFalse(named.isEmpty(), "no cli_providers in bin/jrhcs-launch");
        for (Map.Entry<String, String> e : named.entrySet()) {
            String expected = switch (e.getKey()) {
                case "java.nio.channels.spi.SelectorProvider" -> SelectorProvider.provider().getClass().getName();
                case "javax.xml.parsers.DocumentBuilderFactory" -> DocumentBuilderFactory.newDefaultInstance().getClass().getName();
                case "javax.xml.parsers.SAXParserFactory" -> SAXParserFactory.newDefaultInstance().getClass().getName();
                case "javax.xml.transform.TransformerFactory" -> TransformerFactory.newDefaultInstance().getClass().getName();
                case "javax.xml.xpath.XPathFactory:http://java.sun.com/jaxp/xpath/dom" -> XPathFactory.newDefaultInstance().getClass().getName();
                default -> fail("the launcher names a provider this test does not know: " + e.getKey());
            };
            assertEquals(expected, e.getValue(), e.getKey());
        }
    }

    /** The -Dkey=value pairs of the launcher's cli_providers="..." assignment. */
    static Map<String, String> providers(String launcher) {
        Matcher block = Pattern.compile("(?m)^cli_providers=\"([^\"]*)\"").matcher(launcher);
        Map<String, String> out = new LinkedHashMap<>();
        if (!block.find()) return out;
        for (String token : block.group(1).trim().split("\\s+")) {
            int eq = token.indexOf('=');
            if (!token.startsWith("-D") || eq < 0) fail("not a -Dkey=value: " + token);
            out.put(token.substring(2, eq), token.substring(eq + 1));
        }
        return out;
    }
}

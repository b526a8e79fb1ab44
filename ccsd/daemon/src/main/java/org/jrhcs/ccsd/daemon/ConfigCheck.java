package org.jrhcs.ccsd.daemon;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.jrhcs.ccs.ConfDocument;
import org.jrhcs.ccs.ConfException;
import org.jrhcs.ccs.ConfValidator;
import org.jrhcs.ccs.Problem;

/**
 * What ccsd demands of a copy before it offers it to the cluster: it validates
 * (schema and semantic checks of {@link ConfValidator}), carries a positive
 * {@code config_version}, and belongs to this cluster (same name).
 * Every failure is an {@link IllegalArgumentException} whose message names the file
 * and, where the parser knows it, the line.
 */
final class ConfigCheck {
    private ConfigCheck() {}

    /** A copy that may be offered, and the validator's warnings about it (to show the administrator). */
    record Checked(ConfDocument document, List<String> warnings) {}

    /** {@code currentText} (may be null) is the copy served now. */
    static Checked check(String text, String fileName, String currentText) {
        ConfValidator.Result result = ConfValidator.validate(text.getBytes(StandardCharsets.UTF_8), fileName);
        if (!result.validates() || result.document() == null)
            throw new IllegalArgumentException(result.errors().stream().map(Problem::toString)
                    .collect(Collectors.joining("\n")));
        ConfDocument doc = result.document();
        Integer version = doc.cluster().configVersion;
        if (version == null)
            throw new IllegalArgumentException(doc.locationOf(doc.cluster()) + ": <cluster> has no config_version attribute");
        if (version <= 0)
            throw new IllegalArgumentException(doc.locationOf(doc.cluster()) + ": config_version must be a positive number, not " + version);
        if (currentText != null) {
            String current = clusterName(currentText);
            String proposed = doc.cluster().name;
            if (current != null && !current.equals(proposed))
                throw new IllegalArgumentException(doc.locationOf(doc.cluster()) + ": cluster name \"" + proposed
                        + "\" does not match the running cluster \"" + current + "\"");
        }
        return new Checked(doc, result.warnings().stream().map(Problem::toString).toList());
    }

    static String clusterName(String text) {
        try {
            return ConfDocument.parse(text, "cluster.conf").cluster().name;
        } catch (ConfException e) {
            return null;
        }
    }
}

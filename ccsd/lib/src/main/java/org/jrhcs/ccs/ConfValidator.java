package org.jrhcs.ccs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Both validation layers over one file: the schema ({@link ConfSchema}) over the bytes
 * as written, then, when the XML is well-formed and binds, the semantic checks
 * ({@link ConfChecks}). The result lists every problem in file order; the file
 * validates when none of them is an error.
 */
public final class ConfValidator {
    /** What validation found; {@link #document} is null when the file could not be read or parsed. */
    public record Result(List<Problem> problems, ConfDocument document) {
        public Result { problems = List.copyOf(problems); }

        public boolean validates() { return problems.stream().noneMatch(Problem::isError); }

        public List<Problem> errors() { return problems.stream().filter(Problem::isError).toList(); }

        public List<Problem> warnings() { return problems.stream().filter(p -> !p.isError()).toList(); }
    }

    private ConfValidator() {}

    public static Result validate(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Result(List.of(Problem.error(new ConfLocation(file.toString(), 0, 0), "no such file")), null);
        } catch (IOException e) {
            return new Result(List.of(Problem.error(new ConfLocation(file.toString(), 0, 0),
                    "cannot read: " + e.getMessage())), null);
        }
        return validate(bytes, file.toString());
    }

    public static Result validate(byte[] xml, String fileName) {
        ConfSchema.Report schema = ConfSchema.validate(xml, fileName);
        List<Problem> problems = new ArrayList<>(schema.problems());
        if (!schema.wellFormed() || problems.stream().anyMatch(p -> p.message().startsWith("the top element")))
            return new Result(problems, null);
        ConfDocument doc;
        try {
            // the schema has already named any value that does not fit; check the rest
            doc = ConfDocument.parseLenient(xml, fileName);
        } catch (ConfException e) {
            problems.add(Problem.error(e.location(), e.getMessage().substring(e.location().toString().length() + 2)));
            problems.sort(Problem.IN_FILE_ORDER);
            return new Result(problems, null);
        }
        problems.addAll(ConfChecks.check(doc));
        problems.sort(Problem.IN_FILE_ORDER);
        return new Result(problems, doc);
    }
}

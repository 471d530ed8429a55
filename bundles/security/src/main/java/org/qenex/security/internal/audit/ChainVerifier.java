package org.qenex.security.internal.audit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

import org.qenex.security.internal.audit.VerifyReport.Status;

/**
 * Walks an audit log and checks its hash chain: record {@code n} must carry sequence {@code n}
 * and, as {@code prev}, the SHA-256 of line {@code n-1}'s bytes. A head the node remembered
 * (in memory, or in {@code audit.head}) also catches records cut off the end.
 */
final class ChainVerifier {

    private final AuditCodec codec = new AuditCodec();

    /** Verifies the first {@code length} bytes of {@code file}; {@code expected} may be empty. */
    VerifyReport verify(Path file, long length, Optional<ChainHead> expected) throws IOException {
        return verify(file, length, expected, record -> { });
    }

    /** Also hands every complete, well-formed record to {@code each}, in order. */
    VerifyReport verify(Path file, long length, Optional<ChainHead> expected, Consumer<AuditRecord> each)
            throws IOException {
        long lineNumber = 0;
        long records = 0;
        ChainHead head = ChainHead.EMPTY;
        String problem = null;
        long problemLine = 0;
        ChainHead expectedHeadSeen = null;
        byte[] torn = null;
        if (Files.exists(file)) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                ByteArrayOutputStream current = new ByteArrayOutputStream(512);
                long remaining = length;
                int b;
                while (remaining > 0 && (b = in.read()) != -1) {
                    remaining--;
                    if (b != '\n') {
                        current.write(b);
                        continue;
                    }
                    lineNumber++;
                    byte[] bytes = current.toByteArray();
                    current.reset();
                    String line = new String(bytes, StandardCharsets.UTF_8);
                    AuditRecord record;
                    try {
                        record = codec.decode(line);
                    } catch (IOException e) {
                        if (problem == null) {
                            problem = "line " + lineNumber + " is not a well-formed audit record (" + e.getMessage() + ")";
                            problemLine = lineNumber;
                        }
                        continue;
                    }
                    if (problem == null && record.sequence() != head.sequence() + 1) {
                        problem = "line " + lineNumber + " carries record #" + record.sequence() + " where #"
                                + (head.sequence() + 1) + " belongs: records were removed, inserted or reordered";
                        problemLine = lineNumber;
                    } else if (problem == null && !record.previous().equals(head.hash())) {
                        problem = "record #" + record.sequence() + " (line " + lineNumber
                                + ") does not link to the line before it: that line, or this one, was changed";
                        problemLine = lineNumber;
                    }
                    head = new ChainHead(record.sequence(), ChainHash.of(bytes));
                    records++;
                    if (expected.isPresent() && record.sequence() == expected.get().sequence()) {
                        expectedHeadSeen = head;
                    }
                    each.accept(record);
                }
                if (current.size() > 0) {
                    torn = current.toByteArray();
                }
            }
        }
        if (problem == null && expected.isPresent() && expected.get().sequence() > 0) {
            ChainHead want = expected.get();
            if (expectedHeadSeen == null) {
                problem = "the log ends at record #" + head.sequence() + " but the node had written #"
                        + want.sequence() + ": records were cut off the end";
                problemLine = lineNumber + 1;
            } else if (!expectedHeadSeen.hash().equals(want.hash())) {
                problem = "record #" + want.sequence() + " is not the one the node wrote: it was changed";
                problemLine = lineOf(want.sequence(), head, lineNumber);
            }
        }
        if (problem != null) {
            return new VerifyReport(Status.TAMPERED, records, head, problemLine, problem);
        }
        if (torn != null) {
            return new VerifyReport(Status.TORN, records, head, lineNumber + 1, "the last line is incomplete ("
                    + torn.length + " bytes after record #" + head.sequence()
                    + "): the node stopped while writing it; every complete record is intact");
        }
        return new VerifyReport(Status.INTACT, records, head, 0, "");
    }

    /** The line of record {@code sequence} in a log whose chain is otherwise intact (one record per line). */
    private static long lineOf(long sequence, ChainHead last, long lines) {
        return lines - (last.sequence() - sequence);
    }
}

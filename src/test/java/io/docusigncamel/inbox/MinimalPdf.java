package io.docusigncamel.inbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes small, valid one-page PDFs (Letter, Helvetica text, a correct cross-reference table) for test documents and
 * for {@code samples/documents/}. Run {@link #main} from the project root to regenerate the sample contract.
 */
final class MinimalPdf {

    private MinimalPdf() {
    }

    /** A one-page PDF showing {@code lines} from the top of the page. */
    static byte[] page(List<String> lines) {
        StringBuilder content = new StringBuilder("BT\n/F1 12 Tf\n16 TL\n72 720 Td\n");
        for (String line : lines) {
            content.append('(').append(line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)"))
                    .append(") Tj T*\n");
        }
        content.append("ET\n");
        byte[] stream = content.toString().getBytes(StandardCharsets.US_ASCII);
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >>"
                        + " /Contents 5 0 R >>",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
                "<< /Length " + stream.length + " >>\nstream\n" + new String(stream, StandardCharsets.US_ASCII)
                        + "endstream");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> offsets = new ArrayList<>();
        write(out, "%PDF-1.4\n");
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(out.size());
            write(out, (i + 1) + " 0 obj\n" + objects.get(i) + "\nendobj\n");
        }
        int xref = out.size();
        write(out, "xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
        for (int offset : offsets) {
            write(out, String.format(Locale.ROOT, "%010d 00000 n \n", offset));
        }
        write(out, "trailer\n<< /Size " + (objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" + xref + "\n%%EOF\n");
        return out.toByteArray();
    }

    /** The sample employment contract with the {@code /sn1/} anchor where the signer signs. */
    static byte[] sampleContract() {
        return page(List.of(
                "Employment agreement",
                "",
                "This agreement is made between Example Corp. and the employee named in the",
                "envelope. The employee starts on the agreed start date and accepts the terms",
                "set out in the offer letter.",
                "",
                "Signed by the employee:",
                "",
                "/sn1/"));
    }

    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "samples/documents/employment-agreement.pdf");
        Files.createDirectories(target.getParent());
        Files.write(target, sampleContract());
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}

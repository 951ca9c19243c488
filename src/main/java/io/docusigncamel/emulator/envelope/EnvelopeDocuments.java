package io.docusigncamel.emulator.envelope;

import io.docusigncamel.emulator.EmulatorResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The files DocuSign serves for an envelope: each document (the uploaded PDF bytes, or a generated page when the
 * upload was not a PDF or came from a template), the Certificate of Completion, the combined PDF and the ZIP
 * archive, each with DocuSign's {@code Content-Type} and {@code Content-Disposition}. Generated files reflect the
 * envelope's state at the moment of the download. Stateless and thread-safe.
 */
final class EnvelopeDocuments {

    static final String PDF = "application/pdf";
    static final String ZIP = "application/zip";

    private EnvelopeDocuments() {
    }

    static EmulatorResponse document(StoredDocument document, EnvelopeRecord envelope) {
        return file(PDF, pdfName(document.name()), document.documentId(), documentBytes(document, envelope));
    }

    static EmulatorResponse certificate(EnvelopeRecord envelope) {
        return file(PDF, "Summary.pdf", "certificate", certificatePdf(envelope, envelope.state()));
    }

    static EmulatorResponse combined(EnvelopeRecord envelope, boolean withCertificate) {
        EnvelopeState state = envelope.state();
        PdfWriter pdf = new PdfWriter();
        List<StoredDocument> documents = envelope.content().documents();
        for (int i = 0; i < documents.size(); i++) {
            StoredDocument document = documents.get(i);
            pdf.page(document.name(), documentLines(document, envelope, state, i + 1, documents.size()));
        }
        if (withCertificate) {
            pdf.page("Certificate of Completion", certificateLines(envelope, state));
        }
        return file(PDF, "Combined.pdf", "combined", pdf.toBytes());
    }

    static EmulatorResponse archive(EnvelopeRecord envelope) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            Set<String> names = new HashSet<>();
            for (StoredDocument document : envelope.content().documents()) {
                String name = pdfName(document.name());
                // Two documents may share a name; the archive needs distinct entries.
                String entry = names.add(name) ? name : document.documentId() + "_" + name;
                names.add(entry);
                addEntry(zip, entry, documentBytes(document, envelope));
            }
            addEntry(zip, "Summary.pdf", certificatePdf(envelope, envelope.state()));
        } catch (IOException e) {
            throw new UncheckedIOException("writing a ZIP to memory failed", e);
        }
        return file(ZIP, envelope.envelopeId() + ".zip", "archive", bytes.toByteArray());
    }

    private static byte[] documentBytes(StoredDocument document, EnvelopeRecord envelope) {
        if (PdfPageCounter.isPdf(document.bytes())) {
            return document.bytes();
        }
        // DocuSign converts other formats to PDF; the emulator stands in with a page naming the original.
        return new PdfWriter().page(document.name(), List.of(
                "Envelope " + envelope.envelopeId(),
                "Converted from a ." + document.fileExtension() + " upload of " + document.bytes().length + " bytes.")).toBytes();
    }

    private static byte[] certificatePdf(EnvelopeRecord envelope, EnvelopeState state) {
        return new PdfWriter().page("Certificate of Completion", certificateLines(envelope, state)).toBytes();
    }

    private static List<String> documentLines(StoredDocument document, EnvelopeRecord envelope, EnvelopeState state,
                                              int position, int total) {
        List<String> lines = new ArrayList<>();
        lines.add("Envelope Id: " + envelope.envelopeId());
        lines.add("Document " + position + " of " + total + " (documentId " + document.documentId() + ", "
                + document.pageCount().orElse(1) + " page(s) in the original)");
        lines.add("Envelope status: " + state.status());
        lines.add("");
        List<Recipient> recipients = envelope.recipients();
        for (int i = 0; i < recipients.size(); i++) {
            Recipient recipient = recipients.get(i);
            RecipientProgress progress = state.recipients().get(i);
            if (recipient.type() == RecipientType.SIGNER && progress.signedAt() != null) {
                lines.add("Signed by " + recipient.name() + " <" + recipient.email() + "> at " + DocuSignTime.format(progress.signedAt()));
            }
            recipient.tabs().path("textTabs").forEach(tab -> {
                if (tab.path("documentId").asText("").equals(document.documentId()) && tab.hasNonNull("value")) {
                    lines.add(tab.path("tabLabel").asText("text") + ": " + tab.path("value").asText());
                }
            });
        }
        return lines;
    }

    private static List<String> certificateLines(EnvelopeRecord envelope, EnvelopeState state) {
        List<String> lines = new ArrayList<>();
        lines.add("Envelope Id: " + envelope.envelopeId());
        lines.add("Subject: " + envelope.content().emailSubject());
        lines.add("Status: " + state.status());
        lines.add("Documents: " + envelope.content().documents().size());
        addTime(lines, "Created", state.createdAt());
        addTime(lines, "Sent", state.sentAt());
        addTime(lines, "Delivered", state.deliveredAt());
        addTime(lines, "Completed", state.completedAt());
        addTime(lines, "Declined", state.declinedAt());
        addTime(lines, "Voided", state.voidedAt());
        if (state.voidedReason() != null) {
            lines.add("Voided reason: " + state.voidedReason());
        }
        lines.add("");
        lines.add("Recipient events:");
        List<Recipient> recipients = envelope.recipients();
        for (int i = 0; i < recipients.size(); i++) {
            Recipient recipient = recipients.get(i);
            RecipientProgress progress = state.recipients().get(i);
            lines.add(recipient.name() + " <" + (recipient.email() == null ? "" : recipient.email()) + ">, "
                    + recipient.type().typeName() + ", recipient " + recipient.recipientId() + ": " + progress.status());
            addTime(lines, "    Sent", progress.sentAt());
            addTime(lines, "    Viewed", progress.deliveredAt());
            if (recipient.type() == RecipientType.SIGNER) {
                addTime(lines, "    Signed", progress.signedAt());
            }
            addTime(lines, "    Declined", progress.declinedAt());
            if (progress.declinedReason() != null) {
                lines.add("    Declined reason: " + progress.declinedReason());
            }
        }
        return lines;
    }

    private static void addTime(List<String> lines, String label, Instant time) {
        if (time != null) {
            lines.add(label + ": " + DocuSignTime.format(time));
        }
    }

    private static String pdfName(String name) {
        if (name.toLowerCase(Locale.ROOT).endsWith(".pdf")) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + ".pdf";
    }

    private static void addEntry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    private static EmulatorResponse file(String contentType, String fileName, String documentId, byte[] bytes) {
        // The header format DocuSign's spec shows: file; filename="NDA.pdf"; documentid="1".
        String disposition = "file; filename=\"" + fileName.replace("\"", "'") + "\"; documentid=\"" + documentId + "\"";
        return new EmulatorResponse(200, contentType, bytes, Map.of("Content-Disposition", disposition));
    }
}

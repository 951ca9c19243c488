package io.docusigncamel.emulator.envelope;

import java.util.OptionalInt;

/**
 * One document of an envelope: the uploaded bytes (or a generated page for template envelopes) and what DocuSign
 * reports about it. Immutable by convention: no one writes to {@code bytes} after creation.
 *
 * @param pageCount the number of pages when it could be read from the bytes; empty for non-PDF uploads
 */
record StoredDocument(String documentId, String documentIdGuid, String name, String fileExtension, String order,
                      byte[] bytes, OptionalInt pageCount) {
}

package org.rlhf4j.train.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Pretraining text: a {@code .txt} file is one document (its line 1 is the source), any other
 * file is JSONL with one {@code {"text": ...}} record a line. {@link #forEach} streams, so a
 * corpus can be tokenized without holding its text (see {@link PackedBlocks#load}).
 */
public final class DocumentLoader {

    private DocumentLoader() {
    }

    /** All documents of a file, in order. */
    public static List<Document> load(Path file, BadRecords bad) {
        List<Document> documents = new ArrayList<>();
        forEach(file, bad, documents::add);
        return documents;
    }

    /** Each document of a file, in order, without keeping them. */
    public static void forEach(Path file, BadRecords bad, Consumer<Document> sink) {
        if (isPlainText(file)) {
            readPlainText(file, bad, sink);
        } else {
            JsonlReader.read(file, bad, (record, source) ->
                    sink.accept(new Document(JsonFields.string(record, "text"), source)));
        }
    }

    /** Plain text by its extension ({@code .txt}), JSONL otherwise. */
    public static boolean isPlainText(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".txt");
    }

    private static void readPlainText(Path file, BadRecords bad, Consumer<Document> sink) {
        Source source = new Source(file, 1);
        String text;
        try (InputStream in = JsonlReader.open(file)) {
            text = StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(in.readAllBytes()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw DatasetException.inFile(file, "not valid UTF-8", e);
        } catch (IOException e) {
            throw DatasetException.inFile(file, "cannot read: " + e.getMessage(), e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        bad.recordRead();
        if (text.isBlank()) {
            bad.reject(new DatasetException(source, "text is empty"));
            return;
        }
        sink.accept(new Document(text, source));
    }
}

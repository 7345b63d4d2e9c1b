package com.acme.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

// Spool reads the audit events the old agent left on disk and files them away once forwarded.
public class Spool {
    public List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
        }
        return List.of();
    }

    public long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void archive(Path file, Path done) {
        try {
            Files.move(file, done.resolve(file.getFileName()));
        } catch (IOException ignored) {
        }
    }

    public void cleanUp(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Deliberately ignored: the next forwarding run deletes the file again.
        }
    }
}

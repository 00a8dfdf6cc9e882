package io.redline.analysis.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A TSV of labelled sentences with a header row: {@code text} required; {@code id, class5, plover, modality, signals} optional. */
public record LabelledSet(Path path, List<String> columns, List<Map<String, String>> rows, String sha256) {

    /** Reads a TSV; a row with the wrong number of fields is an error naming the line. */
    public static LabelledSet read(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        List<String> lines = List.of(new String(bytes, StandardCharsets.UTF_8).split("\r?\n"));
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new IllegalArgumentException(path + ": empty file, expected a header row");
        }
        List<String> cols = List.of(lines.get(0).split("\t", -1));
        if (!cols.contains("text")) {
            throw new IllegalArgumentException(path + ": no 'text' column in the header " + cols);
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] f = lines.get(i).split("\t", -1);
            if (f.length != cols.size()) {
                throw new IllegalArgumentException(
                        path + " line " + (i + 1) + ": " + f.length + " fields, header has " + cols.size());
            }
            Map<String, String> row = new TreeMap<>();
            for (int c = 0; c < f.length; c++) {
                row.put(cols.get(c), f[c].strip());
            }
            if (!row.containsKey("id")) {
                row.put("id", Integer.toString(i));
            }
            rows.add(row);
        }
        return new LabelledSet(path, cols, rows, sha256(bytes));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean has(String column) {
        return columns.contains(column);
    }
}

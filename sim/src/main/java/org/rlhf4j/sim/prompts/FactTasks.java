package org.rlhf4j.sim.prompts;

import static org.rlhf4j.sim.prompts.Constraint.LIST_THREE;
import static org.rlhf4j.sim.prompts.Constraint.ONE_WORD;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.rlhf4j.sim.text.Words;
import org.rlhf4j.sim.world.FactRow;
import org.rlhf4j.sim.world.FactTables;

/**
 * Prompts from the fact tables: questions with one checkable answer (open QA, factual), the same
 * facts given in a passage (closed QA), and lists of table entries (brainstorming).
 */
final class FactTasks {
    private static final Map<String, String> CONTINENT = Map.of(
            "africa", "Africa", "america", "the Americas", "asia", "Asia", "europe", "Europe");

    private FactTasks() {
    }

    /**
     * What a row's prompts are about, as a split key: the place for capitals (the same country can
     * be in two tables), the animal for young animals, the first column otherwise.
     */
    static String itemKey(FactRow row) {
        String table = row.table();
        if (FactTables.COUNTRY_TABLES.contains(table) || table.equals("state")) {
            return "place:" + row.display(0);
        }
        if (table.equals("babies")) {
            return "fact:babies:" + row.display(1).toLowerCase(java.util.Locale.ROOT);
        }
        return "fact:" + table + ":" + row.display(0).toLowerCase(java.util.Locale.ROOT);
    }

    static List<TaskMaker> all() {
        List<TaskMaker> out = new ArrayList<>();
        Category qa = Category.OPEN_QA;
        out.add(new TaskMaker(qa, "capital", List.of(ONE_WORD), FactTasks::capital));
        out.add(new TaskMaker(qa, "capital-of", List.of(ONE_WORD), FactTasks::capitalOf));
        out.add(new TaskMaker(qa, "element-name", List.of(ONE_WORD), (pool, rng, c) -> element(pool, rng, c, "element-name")));
        out.add(new TaskMaker(qa, "element-symbol", List.of(ONE_WORD), (pool, rng, c) -> element(pool, rng, c, "element-symbol")));
        out.add(new TaskMaker(qa, "element-number", List.of(ONE_WORD), (pool, rng, c) -> element(pool, rng, c, "element-number")));
        out.add(new TaskMaker(qa, "president-term", List.of(), FactTasks::presidentTerm));
        out.add(new TaskMaker(qa, "successor", List.of(), FactTasks::successor));
        out.add(new TaskMaker(qa, "young-animal", List.of(ONE_WORD),
                (pool, rng, c) -> lookup(pool, rng, c, "babies", 1, 0, "young-animal", "What is a young %s called?", "A young %s is called %s %s.")));
        out.add(new TaskMaker(qa, "collective", List.of(ONE_WORD),
                (pool, rng, c) -> lookup(pool, rng, c, "collectives", 0, 1, "collective", "What is a group of %s called?", "A group of %s is called %s %s.")));
        out.add(new TaskMaker(qa, "female", List.of(ONE_WORD), FactTasks::female));
        out.add(new TaskMaker(Category.CLOSED_QA, "passage-capital", List.of(ONE_WORD), FactTasks::passageCapital));
        out.add(new TaskMaker(Category.CLOSED_QA, "passage-element", List.of(ONE_WORD), FactTasks::passageElement));
        out.add(new TaskMaker(Category.BRAINSTORMING, "countries", List.of(LIST_THREE), FactTasks::countries));
        return out;
    }

    /** A row of one of the country tables or the state table. */
    private static Optional<Place> place(Pool pool, Random rng) {
        List<String> tables = new ArrayList<>(FactTables.COUNTRY_TABLES);
        tables.add("state");
        String table = Pool.pick(tables, rng);
        List<FactRow> rows = pool.rows(table);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        FactRow row = Pool.pick(rows, rng);
        if (!isPlain(row.display(0)) || !isPlain(row.display(1))) {
            return Optional.empty();
        }
        return Optional.of(new Place(row, table.equals("state") ? "US state" : "country"));
    }

    private record Place(FactRow row, String kind) {
    }

    /** Written in plain letters: the quiz files spell accents as "C^ote d'Ivoire", which no one types. */
    private static boolean isPlain(String name) {
        return name.matches("[A-Za-z .'-]+");
    }

    /** Symbols that are English words ("In", "He", "As") would be "found" in any answer. */
    private static boolean symbolReadsAsWord(Pool pool, FactRow element) {
        String lower = element.display(0).toLowerCase(java.util.Locale.ROOT);
        return lower.length() == 1 || Words.isStopword(lower) || pool.lexicon.containsKey(lower);
    }

    private static Optional<SimPrompt> capital(Pool pool, Random rng, Constraint c) {
        return place(pool, rng).flatMap(place -> {
            String where = place.row().display(0);
            String capital = place.row().display(1);
            if (c == ONE_WORD && !Phrases.isOneWord(capital)) {
                return Optional.empty();
            }
            String reference = c == ONE_WORD ? capital + "." : "The capital of " + where + " is " + capital + ".";
            return Optional.of(new Draft("capital", Category.OPEN_QA, "What is the capital of " + where + "?",
                    List.copyOf(place.row().variants(1)), List.of(capital), reference, true).build(c));
        });
    }

    private static Optional<SimPrompt> capitalOf(Pool pool, Random rng, Constraint c) {
        return place(pool, rng).flatMap(place -> {
            String where = place.row().display(0);
            String capital = place.row().display(1);
            if (c == ONE_WORD && !Phrases.isOneWord(where)) {
                return Optional.empty();
            }
            String reference = c == ONE_WORD ? where + "." : capital + " is the capital of " + where + ".";
            return Optional.of(new Draft("capital-of", Category.OPEN_QA, capital + " is the capital of which " + place.kind() + "?",
                    List.copyOf(place.row().variants(0)), List.of(where), reference, true).build(c));
        });
    }

    private static Optional<SimPrompt> element(Pool pool, Random rng, Constraint c, String task) {
        List<FactRow> rows = pool.rows("elements");
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        FactRow row = Pool.pick(rows, rng);
        if (!task.equals("element-number") && symbolReadsAsWord(pool, row)) {
            return Optional.empty();
        }
        String symbol = row.display(0);
        String number = row.display(1);
        String name = row.display(3);
        String lowerName = name.toLowerCase(java.util.Locale.ROOT);
        Draft draft = switch (task) {
            case "element-name" -> new Draft(task, Category.OPEN_QA, "Which chemical element has the symbol " + symbol + "?",
                    List.copyOf(row.variants(3)), List.of(lowerName),
                    c == ONE_WORD ? name + "." : symbol + " is the symbol for " + lowerName + ".", true);
            case "element-symbol" -> new Draft(task, Category.OPEN_QA, "What is the chemical symbol for " + lowerName + "?",
                    List.copyOf(row.variants(0)), List.of(symbol.toLowerCase(java.util.Locale.ROOT)),
                    c == ONE_WORD ? symbol + "." : "The symbol for " + lowerName + " is " + symbol + ".", true);
            default -> new Draft(task, Category.OPEN_QA, "What is the atomic number of " + lowerName + "?",
                    List.copyOf(row.variants(1)), List.of(number),
                    c == ONE_WORD ? number + "." : "The atomic number of " + lowerName + " is " + number + ".", true);
        };
        return Optional.of(draft.build(c));
    }

    private static Optional<SimPrompt> presidentTerm(Pool pool, Random rng, Constraint c) {
        List<FactRow> rows = pool.rows("pres");
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        FactRow row = Pool.pick(rows, rng);
        String[] years = row.display(1).split("-");
        // a one-year term (1841: Harrison, then Tyler) or an open one has no single answer
        if (years.length != 2 || years[1].isEmpty()) {
            return Optional.empty();
        }
        String president = row.display(0);
        return Optional.of(new Draft("president-term", Category.OPEN_QA,
                "Who was president of the United States from " + years[0] + " to " + years[1] + "?",
                List.copyOf(row.variants(0)), List.of(lastName(president)),
                president + " was president from " + years[0] + " to " + years[1] + ".", true).build(c));
    }

    private static Optional<SimPrompt> successor(Pool pool, Random rng, Constraint c) {
        List<FactRow> rows = pool.rows("pres");
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        FactRow row = Pool.pick(rows, rng);
        long sameName = pool.world.facts().table("pres").rows().stream().filter(r -> r.display(0).equals(row.display(0))).count();
        if (row.fields().get(3).isEmpty() || sameName > 1) {
            return Optional.empty(); // the last has no successor yet; Cleveland had two terms and two successors
        }
        String president = row.display(0);
        String successor = row.display(3);
        return Optional.of(new Draft("successor", Category.OPEN_QA, "Who came after " + president + " as president?",
                List.copyOf(row.variants(3)), List.of(lastName(successor)),
                successor + " came after " + president + ".", true).build(c));
    }

    /** "Obama" for "Barack Hussein Obama II": the word a good answer surely contains. */
    private static String lastName(String name) {
        String withoutSuffix = name.replaceAll(" (II|III|Jr\\.?)$", "");
        return withoutSuffix.substring(withoutSuffix.lastIndexOf(' ') + 1).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * "What is a young lion called?": one column given, another asked for; every row giving the
     * same thing contributes accepted answers (a young fox is a kitten as well as a cub).
     */
    private static Optional<SimPrompt> lookup(Pool pool, Random rng, Constraint c, String tableName, int givenColumn,
            int answerColumn, String task, String question, String answer) {
        List<FactRow> rows = pool.rows(tableName);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        FactRow row = Pool.pick(rows, rng);
        String given = row.display(givenColumn).toLowerCase(java.util.Locale.ROOT);
        String answered = row.display(answerColumn).toLowerCase(java.util.Locale.ROOT);
        Set<String> answers = new LinkedHashSet<>();
        for (FactRow other : pool.world.facts().table(tableName).rows()) {
            if (other.variants(givenColumn).contains(given)) {
                answers.addAll(other.variants(answerColumn));
            }
        }
        String reference = c == ONE_WORD ? Phrases.capitalize(answered) + "."
                : Phrases.capitalize(String.format(answer, given, Phrases.article(answered), answered));
        return Optional.of(new Draft(task, Category.OPEN_QA, String.format(question, given), List.copyOf(answers),
                List.of(answered), reference, true).build(c));
    }

    private static Optional<SimPrompt> female(Pool pool, Random rng, Constraint c) {
        List<FactRow> rows = pool.rows("sexes");
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        FactRow row = Pool.pick(rows, rng);
        String male = row.display(0);
        String female = row.display(1);
        if (male.length() < 2) {
            return Optional.empty(); // Y:X
        }
        return Optional.of(new Draft("female", Category.OPEN_QA, "What is the female form of the word '" + male + "'?",
                List.copyOf(row.variants(1)), List.of(female),
                c == ONE_WORD ? Phrases.capitalize(female) + "." : "The female form of " + male + " is " + female + ".",
                true).build(c));
    }

    /** Two capitals stated in a passage, one asked about: the answer is in the passage. */
    private static Optional<SimPrompt> passageCapital(Pool pool, Random rng, Constraint c) {
        Optional<Place> asked = place(pool, rng);
        Optional<Place> other = place(pool, rng);
        if (asked.isEmpty() || other.isEmpty() || asked.get().row().equals(other.get().row())) {
            return Optional.empty();
        }
        FactRow a = asked.get().row();
        FactRow o = other.get().row();
        String capital = a.display(1);
        if (c == ONE_WORD && !Phrases.isOneWord(capital)) {
            return Optional.empty();
        }
        List<String> facts = new ArrayList<>(List.of(
                a.display(1) + " is the capital of " + a.display(0) + ".", o.display(1) + " is the capital of " + o.display(0) + "."));
        Collections.shuffle(facts, rng);
        String prompt = "Read: \"" + String.join(" ", facts) + "\" What is the capital of " + a.display(0) + "?";
        return Optional.of(new Draft("passage-capital", Category.CLOSED_QA, prompt, List.copyOf(a.variants(1)),
                List.of(capital), capital + ".", true).build(c));
    }

    private static Optional<SimPrompt> passageElement(Pool pool, Random rng, Constraint c) {
        List<FactRow> rows = pool.rows("elements");
        if (rows.size() < 2) {
            return Optional.empty();
        }
        FactRow a = Pool.pick(rows, rng);
        FactRow o = Pool.pick(rows, rng);
        if (a.equals(o) || symbolReadsAsWord(pool, a)) {
            return Optional.empty();
        }
        List<String> facts = new ArrayList<>(List.of(
                "The symbol for " + a.display(3).toLowerCase(java.util.Locale.ROOT) + " is " + a.display(0) + ".",
                "The symbol for " + o.display(3).toLowerCase(java.util.Locale.ROOT) + " is " + o.display(0) + "."));
        Collections.shuffle(facts, rng);
        String prompt = "Read: \"" + String.join(" ", facts) + "\" What is the symbol for "
                + a.display(3).toLowerCase(java.util.Locale.ROOT) + "?";
        return Optional.of(new Draft("passage-element", Category.CLOSED_QA, prompt, List.copyOf(a.variants(0)),
                List.of(a.display(0).toLowerCase(java.util.Locale.ROOT)), a.display(0) + ".", true).build(c));
    }

    /** "Name some countries in Europe besides Austria.": every other country of the table is accepted. */
    private static Optional<SimPrompt> countries(Pool pool, Random rng, Constraint c) {
        String table = Pool.pick(FactTables.COUNTRY_TABLES, rng);
        List<FactRow> rows = pool.rows(table);
        if (rows.size() < 4) {
            return Optional.empty();
        }
        List<FactRow> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, rng);
        FactRow besides = shuffled.getFirst();
        if (!isPlain(besides.display(0))) {
            return Optional.empty();
        }
        // names with "and" or a comma ("Antigua and Barbuda") would read as two list items
        List<String> named = shuffled.subList(1, shuffled.size()).stream().map(r -> r.display(0))
                .filter(n -> isPlain(n) && !n.contains(" and ")).limit(3).toList();
        if (named.size() < 3) {
            return Optional.empty();
        }
        Set<String> answers = new LinkedHashSet<>();
        for (FactRow r : pool.world.facts().table(table).rows()) {
            if (!r.equals(besides)) {
                answers.addAll(r.variants(0));
            }
        }
        String prompt = "Name some countries in " + CONTINENT.get(table) + " besides " + besides.display(0) + ".";
        return Optional.of(new Draft("countries", Category.BRAINSTORMING, prompt, List.copyOf(answers),
                List.of(), Phrases.list(named) + ".", false).build(c));
    }
}

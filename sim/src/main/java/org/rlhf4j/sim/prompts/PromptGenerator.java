package org.rlhf4j.sim.prompts;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.rlhf4j.sim.world.World;

/**
 * Prompts in the paper's nine categories, made from the world's fact tables, WordNet words and
 * corpus sentences, each with its gold reference and what a check needs. Seeded: the same seed,
 * split and count give the same prompts. Splits are disjoint by underlying item (see {@link Split}).
 */
public final class PromptGenerator {
    /**
     * The category mix: the paper's API distribution (generation 45.6%, open QA 12.4%,
     * brainstorming 11.2%, chat 8.4%, rewrite 6.6%, summarization 4.2%, classification 3.5%,
     * closed QA 2.6%, extract 1.9%; "other" left out) shifted toward questions with checkable
     * answers, so that truthfulness and the per-category checks have enough items to measure.
     */
    public static final Map<Category, Double> CATEGORY_WEIGHTS = weights();

    /** How often a prompt states an explicit constraint, when its task has one that makes sense. */
    public static final double CONSTRAINT_RATE = 0.3;

    /** Draws in a row that yield nothing new before the split is declared too small for the count asked. */
    private static final int MAX_FRUITLESS_DRAWS = 20_000;
    /** Draws within one category before giving up on it for this prompt (some tasks rarely fit an item). */
    private static final int DRAWS_PER_CATEGORY = 100;

    private static final List<TaskMaker> MAKERS = makers();

    private final long seed;
    private final World world;
    private final Map<Split, Pool> pools = new EnumMap<>(Split.class);

    /** A generator over the standard world (loaded once, shared). */
    public PromptGenerator(long seed) {
        this(seed, World.standard());
    }

    public PromptGenerator(long seed, World world) {
        this.seed = seed;
        this.world = world;
    }

    /**
     * {@code count} distinct prompts of one split.
     *
     * @throws IllegalArgumentException when the split cannot yield that many distinct prompts
     */
    public List<SimPrompt> split(Split split, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        Pool pool = pool(split);
        Random rng = new Random(seed * 31 + split.ordinal());
        Map<Category, List<TaskMaker>> byCategory = new EnumMap<>(Category.class);
        for (TaskMaker m : MAKERS) {
            byCategory.computeIfAbsent(m.category(), k -> new ArrayList<>()).add(m);
        }
        List<SimPrompt> out = new ArrayList<>(count);
        Set<String> seen = new HashSet<>();
        int fruitless = 0;
        while (out.size() < count) {
            // the category is drawn once per prompt and kept while its tasks look for a fitting item,
            // so tasks that often refuse an item do not shrink their category's share
            Category category = category(rng);
            for (int draw = 0; draw < DRAWS_PER_CATEGORY; draw++) {
                if (++fruitless > MAX_FRUITLESS_DRAWS) {
                    throw new IllegalArgumentException("the " + split.jsonName() + " split yields only " + out.size()
                            + " distinct prompts, fewer than the " + count + " asked");
                }
                TaskMaker maker = Pool.pick(byCategory.get(category), rng);
                Constraint constraint = !maker.constraints().isEmpty() && rng.nextDouble() < CONSTRAINT_RATE
                        ? Pool.pick(maker.constraints(), rng) : null;
                Optional<SimPrompt> prompt = maker.maker().make(pool, rng, constraint);
                if (prompt.isPresent() && seen.add(prompt.get().prompt())) {
                    out.add(prompt.get());
                    fruitless = 0;
                    break;
                }
            }
        }
        return out;
    }

    private synchronized Pool pool(Split split) {
        return pools.computeIfAbsent(split, s -> new Pool(world, s));
    }

    private static Category category(Random rng) {
        double r = rng.nextDouble();
        double sum = 0;
        for (Map.Entry<Category, Double> e : CATEGORY_WEIGHTS.entrySet()) {
            sum += e.getValue();
            if (r < sum) {
                return e.getKey();
            }
        }
        return Category.GENERATION;
    }

    private static Map<Category, Double> weights() {
        Map<Category, Double> w = new EnumMap<>(Category.class);
        w.put(Category.GENERATION, 0.30);
        w.put(Category.OPEN_QA, 0.22);
        w.put(Category.BRAINSTORMING, 0.10);
        w.put(Category.CHAT, 0.08);
        w.put(Category.REWRITE, 0.07);
        w.put(Category.SUMMARIZATION, 0.05);
        w.put(Category.CLASSIFICATION, 0.06);
        w.put(Category.CLOSED_QA, 0.06);
        w.put(Category.EXTRACT, 0.06);
        return java.util.Collections.unmodifiableMap(w);
    }

    private static List<TaskMaker> makers() {
        List<TaskMaker> all = new ArrayList<>();
        all.addAll(FactTasks.all());
        all.addAll(WordTasks.all());
        all.addAll(CorpusTasks.all());
        return List.copyOf(all);
    }
}

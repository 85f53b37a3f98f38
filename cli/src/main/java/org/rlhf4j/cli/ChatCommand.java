package org.rlhf4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.generate.Generation;
import org.rlhf4j.model.generate.Generator;
import org.rlhf4j.model.generate.SamplingConfig;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.model.tokenizer.ChatMessage;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.train.data.PromptLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf4j chat}: talk to a model folder. Each reply is sampled from the conversation so
 * far, rendered by the folder's chat template (the documented plain template when it has none),
 * and streamed as it is sampled. On a terminal, JLine gives line editing and input history; from
 * a pipe, every input line is one user turn and the replies go to stdout, one per turn.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Talk to a model folder in a multi-turn conversation (its chat template renders the history).",
            "Commands: /reset (forget the conversation), /system TEXT (set the system message), /save FILE (append the",
            "conversation as one {\"messages\": [...]} JSONL line), /exit. When the history outgrows the model's",
            "positions, the oldest turns are left out of the prompt. From a pipe: one user turn per input line."})
final class ChatCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model folder (a causal LM with its tokenizer).")
    Path model;

    @Option(names = "--system", paramLabel = "TEXT", description = "System message that opens the conversation.")
    String system;

    @Option(names = "--max-new-tokens", paramLabel = "N", defaultValue = "256",
            description = "Longest reply in tokens (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.7",
            description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "0", description = "Top-k sampling; 0 turns it off (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "0.95", description = "Nucleus sampling (default: ${DEFAULT-VALUE}).")
    float topP;

    @Option(names = "--greedy", description = "Always take the most likely token.")
    boolean greedy;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Sampling seed; turn i uses S+i (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--stats", description = "After each reply, show the time to its first token and tokens/s (on stderr).")
    boolean stats;

    private final List<ChatMessage> history = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("--max-new-tokens must be at least 1, got " + maxNewTokens);
        }
        if (!greedy && !(temperature > 0)) {
            throw new IllegalArgumentException("--temperature must be > 0 (for argmax decoding use --greedy), got " + temperature);
        }
        TransformerModel lm = HfModelFolder.open(model).loadCausalLm();
        int positions = lm.config().maxPositions();
        if (maxNewTokens >= positions) {
            throw new IllegalArgumentException("--max-new-tokens must be below the model's " + positions + " positions");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (HfTokenizer tokenizer = HfTokenizer.load(model)) {
            int[] stops = lm.config().eosTokenIds();
            if (stops.length == 0 && tokenizer.eosId() >= 0) {
                stops = new int[] {tokenizer.eosId()};
            }
            reset();
            Input input = Input.open();
            if (input.interactive()) {
                err.println("chat with " + model + " (/reset, /system TEXT, /save FILE, /exit)");
                err.flush();
            }
            Generator generator = new Generator(lm);
            String line;
            int turn = 0;
            while ((line = input.next()) != null) {
                line = line.strip();
                if (line.isEmpty()) {
                    continue;
                }
                if (line.equals("/exit") || line.equals("/quit")) {
                    break;
                }
                if (command(line, err)) {
                    continue;
                }
                history.add(ChatMessage.user(line));
                int[] prompt = prompt(tokenizer, positions - maxNewTokens);
                if (prompt == null) {
                    history.removeLast();
                    err.println("chat: that message is too long for the model's " + positions + " positions with "
                            + maxNewTokens + " new tokens; say it shorter or lower --max-new-tokens");
                    err.flush();
                    continue;
                }
                String reply = reply(generator, tokenizer, prompt, stops, seed + turn++, out, err);
                history.add(ChatMessage.assistant(reply));
            }
        }
        return 0;
    }

    /** Handles a /command; false when the line is a message. */
    private boolean command(String line, PrintWriter err) throws IOException {
        if (line.equals("/reset")) {
            reset();
            err.println("chat: conversation cleared");
        } else if (line.startsWith("/system")) {
            system = line.substring("/system".length()).strip();
            if (system.isEmpty()) {
                system = null;
            }
            reset();
            err.println(system == null ? "chat: no system message; conversation cleared"
                    : "chat: system message set; conversation cleared");
        } else if (line.startsWith("/save")) {
            String file = line.substring("/save".length()).strip();
            if (file.isEmpty()) {
                err.println("chat: /save needs a file name");
            } else {
                save(Path.of(file));
                err.println("chat: conversation appended to " + file);
            }
        } else if (line.startsWith("/")) {
            err.println("chat: unknown command " + line.split("\\s+")[0] + " (/reset, /system TEXT, /save FILE, /exit)");
        } else {
            return false;
        }
        err.flush();
        return true;
    }

    private void reset() {
        history.clear();
        if (system != null) {
            history.add(ChatMessage.system(system));
        }
    }

    /**
     * The prompt of the conversation, leaving out the oldest turns (a user turn with its reply at a
     * time, the system message kept) until it fits in {@code room} tokens; null when even the last
     * user turn alone does not.
     */
    private int[] prompt(HfTokenizer tokenizer, int room) {
        int first = system == null ? 0 : 1;
        List<ChatMessage> window = new ArrayList<>(history);
        while (true) {
            int[] ids = PromptLoader.chatPrompt(tokenizer, window);
            if (ids.length <= room) {
                return ids;
            }
            if (window.size() - first <= 1) {
                return null;
            }
            window.remove(first);
            while (window.size() - first > 1 && !window.get(first).role().equals("user")) {
                window.remove(first);
            }
        }
    }

    /** Samples one reply, printing it as it comes; returns its text. */
    private String reply(Generator generator, HfTokenizer tokenizer, int[] prompt, int[] stops, long turnSeed,
                         PrintWriter out, PrintWriter err) {
        SamplingConfig sampling = new SamplingConfig(maxNewTokens, temperature, topK, topP, greedy, turnSeed, stops);
        List<Integer> tokens = new ArrayList<>();
        StringBuilder shown = new StringBuilder();
        long started = System.nanoTime();
        long[] firstToken = {0};
        Generation g = generator.generate(List.of(prompt), sampling, (sequence, token) -> {
            if (firstToken[0] == 0) {
                firstToken[0] = System.nanoTime();
            }
            tokens.add(token);
            // decode the whole reply each time: a character may span tokens, so print only what is new and complete
            String text = tokenizer.decode(GenerateCommand.knownIds(tokens.stream().mapToInt(Integer::intValue).toArray(),
                    tokenizer.vocabSize()), true);
            if (text.length() > shown.length() && text.startsWith(shown.toString()) && !text.endsWith("\uFFFD")) {
                out.print(text.substring(shown.length()));
                out.flush();
                shown.setLength(0);
                shown.append(text);
            }
        });
        String reply = tokenizer.decode(GenerateCommand.knownIds(g.tokens()[0], tokenizer.vocabSize()), true);
        if (reply.length() > shown.length() && reply.startsWith(shown.toString())) {
            out.print(reply.substring(shown.length()));
        }
        out.println();
        out.flush();
        if (stats) {
            double total = (System.nanoTime() - started) / 1e9;
            double ttft = firstToken[0] == 0 ? total : (firstToken[0] - started) / 1e9;
            err.println(String.format(Locale.ROOT, "chat: first token after %.2f s, %d tokens at %.1f tokens/s", ttft,
                    g.tokens()[0].length, g.tokens()[0].length / total));
            err.flush();
        }
        return reply.strip();
    }

    /** Appends the conversation to {@code file} as one {"messages": [...]} line. */
    private void save(Path file) throws IOException {
        ObjectNode line = JSON.createObjectNode();
        ArrayNode messages = line.putArray("messages");
        for (ChatMessage m : history) {
            messages.addObject().put("role", m.role()).put("content", m.content());
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** Where user turns come from: JLine on a terminal, lines of stdin otherwise. */
    private interface Input {
        /** The next line, or null at the end (Ctrl-D, end of input). */
        String next() throws IOException;

        boolean interactive();

        static Input open() throws IOException {
            if (System.console() != null && System.console().isTerminal()) {
                Terminal terminal = TerminalBuilder.builder().system(true).build();
                LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("rlhf4j-chat").build();
                return new Input() {
                    @Override
                    public String next() {
                        try {
                            return reader.readLine("> ");
                        } catch (UserInterruptException | EndOfFileException e) {
                            return null;
                        }
                    }

                    @Override
                    public boolean interactive() {
                        return true;
                    }
                };
            }
            BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            return new Input() {
                @Override
                public String next() throws IOException {
                    return stdin.readLine();
                }

                @Override
                public boolean interactive() {
                    return false;
                }
            };
        }
    }
}

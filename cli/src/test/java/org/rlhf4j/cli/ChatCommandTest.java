package org.rlhf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.generate.Generator;
import org.rlhf4j.model.generate.SamplingConfig;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.model.tokenizer.ChatMessage;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.model.tokenizer.TokenizerFixtures;
import org.rlhf4j.train.data.PromptLoader;

/** rlhf4j chat driven through stdin, as scripts use it: one user turn per line, replies on stdout. */
class ChatCommandTest {
    @TempDir
    static Path tmp;
    static Path model;

    @BeforeAll
    static void tinyModel() throws Exception {
        Path tokenizer = TokenizerFixtures.gpt2(tmp.resolve("tok"));
        TokenizerFixtures.writeConfig(tokenizer, "{\"bos_token\": \"<|endoftext|>\", \"eos_token\": \"<|endoftext|>\"}");
        model = tmp.resolve("lm");
        CommandsTest.Run r = CommandsTest.run("init", "--arch", "gpt2", "--tokenizer", tokenizer.toString(), "--out",
                model.toString(), "--layers", "1", "--d-model", "32", "--heads", "2", "--positions", "64", "--seed", "5");
        assertEquals(0, r.code(), r.err());
    }

    private static CommandsTest.Run chat(String input, String... flags) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            List<String> args = new ArrayList<>(List.of("chat", "--model", model.toString(), "--greedy"));
            args.addAll(flags.length == 0 ? List.of("--max-new-tokens", "4") : List.of(flags));
            return CommandsTest.run(args.toArray(String[]::new));
        } finally {
            System.setIn(saved);
        }
    }

    /** The reply a greedy model gives to a conversation, computed without the command. */
    private static String expectedReply(List<ChatMessage> conversation) throws Exception {
        TransformerModel lm = HfModelFolder.open(model).loadCausalLm();
        try (HfTokenizer tok = HfTokenizer.load(model)) {
            int[] prompt = PromptLoader.chatPrompt(tok, conversation);
            int[] tokens = new Generator(lm).generate(List.of(prompt), SamplingConfig.greedy(4, lm.config().eosTokenIds()))
                    .tokens()[0];
            return tok.decode(GenerateCommand.knownIds(tokens, tok.vocabSize()), true);
        }
    }

    @Test
    void eachReplyContinuesTheWholeConversation() throws Exception {
        CommandsTest.Run r = chat("hello\n\nthe world\n");
        assertEquals(0, r.code(), r.err());
        String first = expectedReply(List.of(ChatMessage.user("hello")));
        String second = expectedReply(List.of(ChatMessage.user("hello"), ChatMessage.assistant(first.strip()),
                ChatMessage.user("the world")));
        assertEquals(first + "\n" + second + "\n", r.out().replace("\r\n", "\n"));
    }

    @Test
    void generateWithChatAnswersAsTheFirstTurnOfAChat() throws Exception {
        CommandsTest.Run g = CommandsTest.run("generate", "--model", model.toString(), "--prompt", "hello", "--chat", "--greedy",
                "--max-new-tokens", "4");
        assertEquals(0, g.code(), g.err());
        assertEquals(expectedReply(List.of(ChatMessage.user("hello"))) + "\n", g.out().replace("\r\n", "\n"));
        CommandsTest.Run plain = CommandsTest.run("generate", "--model", model.toString(), "--prompt", "hello", "--greedy",
                "--max-new-tokens", "4");
        assertEquals(0, plain.code(), plain.err());
    }

    @Test
    void systemSaveResetAndExit() throws Exception {
        Path saved = tmp.resolve("talk.jsonl");
        CommandsTest.Run r = chat("/system Be brief.\nhello\n/save " + saved + "\n/reset\n/save " + saved + "\n/nonsense\n/exit\nnever\n");
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(saved);
        assertEquals(2, lines.size());
        String reply = expectedReply(List.of(ChatMessage.system("Be brief."), ChatMessage.user("hello"))).strip();
        assertEquals("{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"hello\"},"
                + "{\"role\":\"assistant\",\"content\":" + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(reply)
                + "}]}", lines.get(0));
        assertEquals("{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"}]}", lines.get(1), "after /reset");
        assertTrue(r.err().contains("chat: unknown command /nonsense"), r.err());
        assertEquals(1, r.out().strip().lines().count(), "one reply; nothing after /exit");
    }

    @Test
    void theOldestTurnsMakeRoomAndAnOverlongMessageIsRefused() throws Exception {
        Path saved = tmp.resolve("long.jsonl");
        // 64 positions, 20 new tokens: 44 tokens of prompt (the plain template spends about 20 on one short turn)
        CommandsTest.Run r = chat("hello world\nthe world\nhello the world\nworld hello\n"
                + "0123456789".repeat(6) + "\nhello\n/save " + saved + "\n", "--max-new-tokens", "20");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("chat: that message is too long for the model's 64 positions with 20 new tokens"), r.err());
        var messages = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(saved)).get("messages");
        assertEquals(10, messages.size(), "five turns answered, the refused one left out of the history: " + messages);
        assertEquals("hello", messages.get(8).get("content").asText());
    }
}

package org.rlhf4j.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ChatTemplateTest {

    /** Qwen2 / SmolLM's ChatML template, as in their tokenizer_config.json. */
    static final String CHATML = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content']"
            + " + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    /** meta-llama/Llama-2-7b-chat-hf's template. */
    static final String LLAMA2 = "{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}"
            + "{% set system_message = messages[0]['content'] %}{% else %}{% set loop_messages = messages %}"
            + "{% set system_message = false %}{% endif %}{% for message in loop_messages %}"
            + "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
            + "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
            + "{% if loop.index0 == 0 and system_message != false %}"
            + "{% set content = '<<SYS>>\\n' + system_message + '\\n<</SYS>>\\n\\n' + message['content'] %}"
            + "{% else %}{% set content = message['content'] %}{% endif %}"
            + "{% if message['role'] == 'user' %}{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}"
            + "{% elif message['role'] == 'assistant' %}{{ ' '  + content.strip() + ' ' + eos_token }}{% endif %}{% endfor %}";

    /** HuggingFaceH4/zephyr-7b-beta and TinyLlama-1.1B-Chat's template (relies on trim_blocks). */
    static final String ZEPHYR = "{% for message in messages %}\n{% if message['role'] == 'user' %}\n"
            + "{{ '<|user|>\\n' + message['content'] + eos_token }}\n{% elif message['role'] == 'system' %}\n"
            + "{{ '<|system|>\\n' + message['content'] + eos_token }}\n{% elif message['role'] == 'assistant' %}\n"
            + "{{ '<|assistant|>\\n'  + message['content'] + eos_token }}\n{% endif %}\n"
            + "{% if loop.last and add_generation_prompt %}\n{{ '<|assistant|>' }}\n{% endif %}\n{% endfor %}";

    /** Qwen2.5's template without the tool branches: {%- -%} / {{- }} whitespace control, indented blocks. */
    static final String QWEN25 = """
            {%- if messages[0]['role'] == 'system' %}
                {{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}
            {%- else %}
                {{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\\n' }}
            {%- endif %}
            {%- for message in messages %}
                {%- if (message.role == "user") or (message.role == "system" and not loop.first) or (message.role == "assistant") %}
                    {{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>' + '\\n' }}
                {%- endif %}
            {%- endfor %}
            {%- if add_generation_prompt %}
                {{- '<|im_start|>assistant\\n' }}
            {%- endif %}
            """;

    static final Map<String, String> LLAMA_TOKENS = Map.of("bos_token", "<s>", "eos_token", "</s>");

    static final List<ChatMessage> DIALOGUE = List.of(
            ChatMessage.system("You are terse."),
            ChatMessage.user("Hi"),
            ChatMessage.assistant("Hello."),
            ChatMessage.user("Bye"),
            ChatMessage.assistant("Bye."));

    @Test
    void chatMlRendersExactly() {
        ChatTemplate t = ChatTemplate.of(CHATML, Map.of("eos_token", "<|im_end|>"));
        assertEquals("<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
                t.render(DIALOGUE.subList(0, 2), true));
        assertEquals("<|im_start|>user\nHi<|im_end|>\n", t.render(DIALOGUE.subList(1, 2), false));
    }

    @Test
    void llama2RendersSystemBosAndEos() {
        ChatTemplate t = ChatTemplate.of(LLAMA2, LLAMA_TOKENS);
        assertEquals("<s>[INST] <<SYS>>\nYou are terse.\n<</SYS>>\n\nHi [/INST] Hello. </s><s>[INST] Bye [/INST] Bye. </s>",
                t.render(DIALOGUE, false));
        assertEquals("<s>[INST] Hi [/INST]", t.render(List.of(ChatMessage.user("  Hi  ")), true));
    }

    @Test
    void raiseExceptionSurfacesAsClearError() {
        ChatTemplate t = ChatTemplate.of(LLAMA2, LLAMA_TOKENS);
        ChatTemplateException e = assertThrows(ChatTemplateException.class,
                () -> t.render(List.of(ChatMessage.user("a"), ChatMessage.user("b")), false));
        assertTrue(e.getMessage().contains("Conversation roles must alternate user/assistant/user/assistant/..."), e.getMessage());
    }

    @Test
    void unknownFunctionIsAnError() {
        ChatTemplate t = ChatTemplate.of("{{ no_such_function('x') }}", Map.of());
        assertThrows(ChatTemplateException.class, () -> t.render(DIALOGUE, false));
    }

    @Test
    void zephyrRendersWithTrimBlocks() {
        ChatTemplate t = ChatTemplate.of(ZEPHYR, LLAMA_TOKENS);
        assertEquals("<|system|>\nYou are terse.</s>\n<|user|>\nHi</s>\n<|assistant|>\nHello.</s>\n",
                t.render(DIALOGUE.subList(0, 3), false));
        assertEquals("<|user|>\nHi</s>\n<|assistant|>\n", t.render(DIALOGUE.subList(1, 2), true));
    }

    @Test
    void qwenRendersWithWhitespaceControl() {
        ChatTemplate t = ChatTemplate.of(QWEN25, Map.of("eos_token", "<|im_end|>"));
        assertEquals("<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
                t.render(DIALOGUE.subList(0, 2), true));
        assertEquals("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n"
                + "<|im_start|>user\nHi<|im_end|>\n", t.render(DIALOGUE.subList(1, 2), false));
    }

    @Test
    void pythonStringMethodsNamespaceAndLoopWork() {
        String src = "{%- set ns = namespace(system=false) -%}"
                + "{%- for m in messages -%}"
                + "{%- if m.role.startswith('sys') %}{% set ns.system = true %}{% endif -%}"
                + "{{ loop.index0 }}:{{ m['content'] | trim }}|{{ m.content.lstrip() }}|{{ m.content.rstrip() }}|"
                + "{{ m.content.strip(' x') }}|{{ m.role.upper() }}|{{ m.content.split() | length }}"
                + "{% if not loop.last %};{% endif %}"
                + "{%- endfor %} system={{ ns.system }} {{ messages[-1]['role'].endswith(('ant', 'zzz')) }}";
        ChatTemplate t = ChatTemplate.of(src, Map.of());
        String out = t.render(List.of(ChatMessage.system(" x a b x "), ChatMessage.assistant("c")), false);
        assertEquals("0:x a b x|x a b x | x a b x|a b|SYSTEM|4;1:c|c|c|c|ASSISTANT|1 system=true True".toLowerCase(),
                out.toLowerCase());
    }

    @Test
    void tojsonPrintsLikePythonJsonDumps() {
        ChatTemplate t = ChatTemplate.of("{{ messages[0] | tojson }} {{ [1, true, none, 'é\"'] | tojson }}", Map.of());
        assertEquals("{\"role\": \"user\", \"content\": \"a\\nb\"} [1, true, null, \"é\\\"\"]",
                t.render(List.of(ChatMessage.user("a\nb")), false));
    }

    @Test
    void fallbackTemplateIsDocumentedFormat() {
        ChatTemplate t = ChatTemplate.fallback("", "<|endoftext|>");
        assertTrue(t.isFallback());
        assertEquals("<|system|>\nYou are terse.\n<|user|>\nHi\n<|assistant|>\nHello.<|endoftext|>\n<|user|>\nBye\n<|assistant|>\n",
                t.render(DIALOGUE.subList(0, 4), true));
        assertEquals("<s><|user|>\nHi\n", ChatTemplate.fallback("<s>", "</s>").render(DIALOGUE.subList(1, 2), false));
    }

    @Test
    void assistantSpansCoverContentAndEndOfTurn() {
        ChatTemplate chatMl = ChatTemplate.of(CHATML, Map.of());
        ChatTemplate.Rendered r = chatMl.renderWithAssistantSpans(DIALOGUE);
        assertEquals(chatMl.render(DIALOGUE, false), r.text());
        assertEquals(List.of("Hello.<|im_end|>\n", "Bye.<|im_end|>\n"), spanTexts(r));

        ChatTemplate.Rendered llama = ChatTemplate.of(LLAMA2, LLAMA_TOKENS).renderWithAssistantSpans(DIALOGUE);
        assertEquals(List.of(" Hello. </s>", " Bye. </s>"), spanTexts(llama));

        ChatTemplate.Rendered zephyr = ChatTemplate.of(ZEPHYR, LLAMA_TOKENS).renderWithAssistantSpans(DIALOGUE);
        assertEquals(List.of("Hello.</s>\n", "Bye.</s>\n"), spanTexts(zephyr));

        ChatTemplate.Rendered fallback = ChatTemplate.fallback("", "<|endoftext|>").renderWithAssistantSpans(DIALOGUE);
        assertEquals(List.of("Hello.<|endoftext|>\n", "Bye.<|endoftext|>\n"), spanTexts(fallback));
    }

    @Test
    void templateWhosePrefixesChangeFallsBackToFindingContent() {
        // The header counts the messages, so a shorter conversation is not a prefix of the whole.
        String src = "{{ messages | length }} messages\n{% for m in messages %}[{{ m.role }}]{{ m.content }}{% endfor %}"
                + "{% if add_generation_prompt %}[assistant]{% endif %}";
        ChatTemplate.Rendered r = ChatTemplate.of(src, Map.of()).renderWithAssistantSpans(List.of(
                ChatMessage.user("q"), ChatMessage.assistant("ab"), ChatMessage.user("q2"), ChatMessage.assistant("long answer")));
        assertEquals("4 messages\n[user]q[assistant]ab[user]q2[assistant]long answer", r.text());
        assertEquals(List.of("ab", "long answer"), spanTexts(r));
    }

    @Test
    void assistantTurnMissingFromTheTextIsAnError() {
        // Earlier assistant turns cut to two characters, as reasoning templates drop old thoughts.
        String src = "{% for m in messages %}[{{ m.role }}]{% if m.role == 'assistant' and not loop.last %}{{ m.content[:2] }}"
                + "{% else %}{{ m.content }}{% endif %}{% endfor %}";
        ChatTemplate t = ChatTemplate.of(src, Map.of());
        ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> t.renderWithAssistantSpans(List.of(
                ChatMessage.user("q"), ChatMessage.assistant("abc"), ChatMessage.user("q2"), ChatMessage.assistant("d"))));
        assertTrue(e.getMessage().contains("assistant message 1"), e.getMessage());
    }

    @Test
    void sameContentTwiceGetsTwoSpans() {
        List<ChatMessage> echo = List.of(ChatMessage.user("ok"), ChatMessage.assistant("ok"),
                ChatMessage.user("ok"), ChatMessage.assistant("ok"));
        ChatTemplate.Rendered r = ChatTemplate.of(ZEPHYR, LLAMA_TOKENS).renderWithAssistantSpans(echo);
        assertEquals(2, r.assistantSpans().size());
        assertTrue(r.assistantSpans().get(0).end() <= r.assistantSpans().get(1).start());
        assertEquals(List.of("ok</s>\n", "ok</s>\n"), spanTexts(r));
        String before = r.text().substring(0, r.assistantSpans().get(0).start());
        assertTrue(before.endsWith("<|assistant|>\n"), before);
    }

    static List<String> spanTexts(ChatTemplate.Rendered r) {
        return r.assistantSpans().stream().map(s -> r.text().substring(s.start(), s.end())).toList();
    }
}

package org.rlhf4j.model.tokenizer;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.objects.date.StrftimeFormatter;
import jinjava.javax.el.CompositeELResolver;

/**
 * Turns a dialogue into the text a chat model was trained on, with the model's own Jinja
 * {@code chat_template} (from {@code tokenizer_config.json}), rendered the way Hugging Face's
 * {@code apply_chat_template} renders it.
 *
 * <p>The template sees what HF passes: {@code messages} (a list of maps with {@code role} and
 * {@code content}), {@code add_generation_prompt}, the special tokens ({@code bos_token},
 * {@code eos_token}, and {@code pad_token}/{@code unk_token} when the model has them), and the
 * functions {@code raise_exception(msg)} (renders fail with a {@link ChatTemplateException}
 * carrying {@code msg}) and {@code strftime_now(format)}. The Jinja environment matches HF's:
 * {@code trim_blocks} and {@code lstrip_blocks} on, {@code {%- -%}} whitespace control,
 * Python string escapes in literals, and the Python {@code str} methods templates call
 * ({@code strip/lstrip/rstrip}, {@code startswith/endswith}, {@code split}, {@code upper/lower}
 * ...), and {@code tojson} printing as Python's {@code json.dumps} does. {@code namespace()},
 * {@code loop.*} and slicing are jinjava's own.
 *
 * <p><b>Fallback template</b>, for models without one ({@link #FALLBACK_TEMPLATE}): each
 * message becomes {@code <|role|>\n} + content + {@code \n}, an assistant message ends with
 * the EOS token before its newline, and the generation prompt is {@code <|assistant|>\n}. It
 * starts with {@code bos_token}, which {@link HfTokenizer} sets only for tokenizers that add
 * BOS themselves (Llama-style), so a GPT-2 dialogue reads:
 * <pre>
 * &lt;|system|&gt;
 * You are terse.
 * &lt;|user|&gt;
 * Hi
 * &lt;|assistant|&gt;
 * Hello.&lt;|endoftext|&gt;
 * </pre>
 * The role markers are plain text (several tokens each), so any base model can learn them
 * during SFT.
 *
 * <p>For SFT, {@link #renderWithAssistantSpans} also returns where each assistant turn lies
 * in the text, found as TRL and HF do without {@code {% generation %}} tags: render the
 * conversation up to each assistant turn with the generation prompt, render it through that
 * turn, and take the difference.
 */
public final class ChatTemplate {

    /** The template used when a model has none; see the class comment. */
    public static final String FALLBACK_TEMPLATE = "{{ bos_token }}"
            + "{% for message in messages %}"
            + "{{ '<|' + message['role'] + '|>\\n' + message['content'] }}"
            + "{% if message['role'] == 'assistant' %}{{ eos_token }}{% endif %}"
            + "{{ '\\n' }}"
            + "{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}";

    /** Characters {@code [start, end)} of the rendered text. */
    public record Span(int start, int end) {
        public Span {
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
            }
        }

        public int length() {
            return end - start;
        }
    }

    /**
     * A rendered dialogue and, in message order, the span of each assistant turn: the
     * assistant's content and whatever the template closes the turn with (an end-of-turn token
     * such as {@code <|im_end|>} or {@code </s>}), which the model must learn to emit. The
     * generation prompt before it (e.g. {@code <|im_start|>assistant\n}) is not in the span.
     */
    public record Rendered(String text, List<Span> assistantSpans) {
        public Rendered {
            assistantSpans = List.copyOf(assistantSpans);
        }
    }

    private static final Jinjava JINJAVA = newJinjava();

    private final String source;
    private final boolean fallback;
    private final Map<String, String> specialTokens;

    private ChatTemplate(String source, boolean fallback, Map<String, String> specialTokens) {
        this.source = Objects.requireNonNull(source, "source");
        this.fallback = fallback;
        this.specialTokens = Map.copyOf(specialTokens);
    }

    /**
     * A template from its Jinja source.
     *
     * @param specialTokens template variables such as {@code bos_token} and {@code eos_token};
     *                      {@code bos_token} and {@code eos_token} default to "" when absent
     */
    public static ChatTemplate of(String source, Map<String, String> specialTokens) {
        return new ChatTemplate(source, false, withDefaults(specialTokens));
    }

    /** {@link #FALLBACK_TEMPLATE} with the given BOS ("" for none) and EOS tokens. */
    public static ChatTemplate fallback(String bosToken, String eosToken) {
        Map<String, String> tokens = new HashMap<>();
        tokens.put("bos_token", bosToken == null ? "" : bosToken);
        tokens.put("eos_token", eosToken == null ? "" : eosToken);
        return new ChatTemplate(FALLBACK_TEMPLATE, true, tokens);
    }

    private static Map<String, String> withDefaults(Map<String, String> specialTokens) {
        Map<String, String> tokens = new HashMap<>();
        specialTokens.forEach((k, v) -> {
            if (k != null && v != null) {
                tokens.put(k, v);
            }
        });
        tokens.putIfAbsent("bos_token", "");
        tokens.putIfAbsent("eos_token", "");
        return tokens;
    }

    /** The Jinja source. */
    public String source() {
        return source;
    }

    /** True when the model had no template and {@link #FALLBACK_TEMPLATE} is used. */
    public boolean isFallback() {
        return fallback;
    }

    /** The special-token variables the template sees. */
    public Map<String, String> specialTokens() {
        return specialTokens;
    }

    /**
     * Renders a dialogue.
     *
     * @param addGenerationPrompt append what opens an assistant turn (for generation)
     * @throws ChatTemplateException when the template raises an exception or cannot be evaluated
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        Map<String, Object> bindings = new HashMap<>(specialTokens);
        List<Map<String, Object>> maps = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            Map<String, Object> map = new LinkedHashMap<>(); // role first, as in HF's dicts
            map.put("role", m.role());
            map.put("content", m.content());
            maps.add(map);
        }
        bindings.put("messages", maps);
        bindings.put("add_generation_prompt", addGenerationPrompt);

        RenderResult result;
        try {
            result = JINJAVA.renderForResult(source, bindings);
        } catch (ChatTemplateException e) {
            throw e;
        } catch (RuntimeException e) {
            ChatTemplateException raised = raisedIn(e);
            throw raised != null ? raised : new ChatTemplateException("chat template failed: " + e.getMessage(), e);
        }
        for (TemplateError error : result.getErrors()) {
            ChatTemplateException raised = raisedIn(error.getException());
            if (raised != null) {
                throw raised;
            }
        }
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new ChatTemplateException("chat template failed at line " + error.getLineno() + ": "
                        + error.getMessage(), error.getException());
            }
        }
        return result.getOutput();
    }

    /**
     * Renders a whole dialogue (no generation prompt) and finds each assistant turn in it.
     *
     * @throws ChatTemplateException when the template raises an exception, or an assistant
     *                               turn cannot be located in the text
     */
    public Rendered renderWithAssistantSpans(List<ChatMessage> messages) {
        String full = render(messages, false);
        List<Span> spans = new ArrayList<>();
        int cursor = 0;
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (!m.isAssistant()) {
                continue;
            }
            Span span = null;
            String prompt = render(messages.subList(0, i), true);
            String through = render(messages.subList(0, i + 1), false);
            if (through.startsWith(prompt) && full.startsWith(through) && prompt.length() >= cursor) {
                span = new Span(prompt.length(), through.length());
            } else {
                // Templates that render earlier turns differently (e.g. drop reasoning) are not
                // prefix-stable: fall back to finding the content itself.
                int at = full.indexOf(m.content(), cursor);
                if (at >= 0) {
                    span = new Span(at, at + m.content().length());
                }
            }
            if (span == null) {
                throw new ChatTemplateException("cannot locate assistant message " + i + " in the rendered chat");
            }
            spans.add(span);
            cursor = span.end();
        }
        return new Rendered(full, spans);
    }

    // ---- the Jinja environment -------------------------------------------------------------

    private static Jinjava newJinjava() {
        LegacyOverrides python = LegacyOverrides.newBuilder()
                .withParseWhitespaceControlStrictly(true)
                .withUseTrimmingForNotesAndExpressions(true)
                .withHandleBackslashInQuotesOnly(true)
                .withUseNaturalOperatorPrecedence(true)
                .withEvaluateMapKeys(true)
                .withKeepNullableLoopValues(true)
                .withAllowAdjacentTextNodes(true)
                .build();
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonStringMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withLegacyOverrides(python)
                .withElResolver(resolver)
                .build();
        Jinjava jinjava = new Jinjava(config);
        jinjava.getGlobalContext().registerFunction(
                new ELFunctionDefinition("", "raise_exception", ChatTemplate.class, "raiseException", String.class));
        jinjava.getGlobalContext().registerFunction(
                new ELFunctionDefinition("", "strftime_now", ChatTemplate.class, "strftimeNow", String.class));
        jinjava.getGlobalContext().registerFilter(new PythonToJson());
        return jinjava;
    }

    /** {@code raise_exception(msg)} in templates. */
    public static String raiseException(String message) {
        throw new ChatTemplateException("chat template raised an exception: " + message);
    }

    /** {@code strftime_now(format)} in templates (Llama 3.1 puts today's date in the system turn). */
    public static String strftimeNow(String format) {
        return StrftimeFormatter.format(ZonedDateTime.now(), format);
    }

    private static ChatTemplateException raisedIn(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ChatTemplateException e) {
                return e;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }
}

package io.jetway.gateway.provider.common;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes OpenAI {@code chat.completion.chunk} payloads for one stream, field for field as OpenAI
 * sends them ({@code "logprobs":null}, {@code "finish_reason":null} until the last chunk), with a
 * streaming generator: no tree, no model objects per chunk. The id, created time and model are
 * fixed per stream so SDK accumulators see one completion.
 */
public final class ChunkWriter {

    private final String id;
    private final long created;
    private final String model;
    private final CallFacts.Recorder facts;

    /** A writer whose facts nobody reads (tests of the chunk shapes). */
    public ChunkWriter(String id, long created, String model) {
        this(id, created, model, new CallFacts.Recorder());
    }

    /** @param facts where the stream's id, model, finish reasons and usage are recorded as they are written */
    public ChunkWriter(String id, long created, String model, CallFacts.Recorder facts) {
        this.id = id;
        this.created = created;
        this.model = model;
        this.facts = facts;
        facts.identity(id, model);
    }

    /**
     * Records the usage the provider reported without writing a chunk for it (the caller did not
     * ask for {@code stream_options.include_usage}: the facts still carry it).
     */
    public void reported(Usage usage) {
        if (usage != null) {
            facts.usage(usage.toTokenUsage());
        }
    }

    public String id() {
        return id;
    }

    /** The first chunk: {@code delta: {role: assistant, content: "", refusal: null}}, as OpenAI's. */
    public String role(int choice) {
        return write(
                choice,
                g -> {
                    g.writeStringField("role", "assistant");
                    g.writeStringField("content", "");
                    g.writeNullField("refusal");
                },
                null);
    }

    /**
     * A text delta. Most of a translated stream's chunks are these, so choice 0's is assembled from
     * a prefix and suffix the generator wrote once for this stream around the escaped text: the same
     * bytes as writing it whole, for a fraction of the cost (a generator per chunk was ~7 % of a
     * streaming Anthropic gateway's CPU, bench/README.md).
     */
    public String content(int choice, String text) {
        if (choice != 0) {
            return write(choice, g -> g.writeStringField("content", text), null);
        }
        if (contentPrefix == null) {
            String empty = write(0, g -> g.writeStringField("content", ""), null);
            // The delta comes after the header, whose strings are escaped: the last unescaped match is the delta's.
            int at = empty.lastIndexOf(EMPTY_CONTENT);
            contentPrefix = empty.substring(0, at + EMPTY_CONTENT.length() - 1);
            contentSuffix = empty.substring(at + EMPTY_CONTENT.length() - 1);
        }
        StringBuilder chunk = new StringBuilder(contentPrefix.length() + text.length() + contentSuffix.length() + 16);
        chunk.append(contentPrefix);
        JsonStringEncoder.getInstance().quoteAsString(text, chunk);
        return chunk.append(contentSuffix).toString();
    }

    private static final String EMPTY_CONTENT = "\"content\":\"\"";
    /** Choice 0's text chunk up to the opening quote of its text, and from the closing quote on. */
    private String contentPrefix;

    private String contentSuffix;

    /**
     * A reasoning delta (strict OpenAI compliance off): {@code reasoning_content} plus the
     * {@code content_blocks} delta of block {@code blockIndex}, Portkey's shape.
     */
    public String reasoning(int choice, int blockIndex, String thinking, String signature) {
        return write(
                choice,
                g -> {
                    if (thinking != null) {
                        g.writeStringField("reasoning_content", thinking);
                    }
                    g.writeArrayFieldStart("content_blocks");
                    g.writeStartObject();
                    g.writeNumberField("index", blockIndex);
                    g.writeObjectFieldStart("delta");
                    if (thinking != null) {
                        g.writeStringField("thinking", thinking);
                    }
                    if (signature != null) {
                        g.writeStringField("signature", signature);
                    }
                    g.writeEndObject();
                    g.writeEndObject();
                    g.writeEndArray();
                },
                null);
    }

    /**
     * A redacted thinking block (strict OpenAI compliance off): the {@code content_blocks} delta of
     * block {@code blockIndex} with its type and opaque {@code data}, which the client must send
     * back unchanged in a later turn.
     */
    public String redactedThinking(int choice, int blockIndex, String data) {
        return write(
                choice,
                g -> {
                    g.writeArrayFieldStart("content_blocks");
                    g.writeStartObject();
                    g.writeNumberField("index", blockIndex);
                    g.writeObjectFieldStart("delta");
                    g.writeStringField("type", "redacted_thinking");
                    g.writeStringField("data", data);
                    g.writeEndObject();
                    g.writeEndObject();
                    g.writeEndArray();
                },
                null);
    }

    /** The first delta of a tool call: index, id, type and name, empty arguments. */
    public String toolCallStart(int choice, int toolIndex, String callId, String name) {
        return write(
                choice,
                g -> {
                    g.writeArrayFieldStart("tool_calls");
                    g.writeStartObject();
                    g.writeNumberField("index", toolIndex);
                    g.writeStringField("id", callId);
                    g.writeStringField("type", "function");
                    g.writeObjectFieldStart("function");
                    g.writeStringField("name", name);
                    g.writeStringField("arguments", "");
                    g.writeEndObject();
                    g.writeEndObject();
                    g.writeEndArray();
                },
                null);
    }

    /** A fragment of a tool call's arguments (a piece of JSON text, concatenated by the client). */
    public String toolCallArguments(int choice, int toolIndex, String fragment) {
        return write(
                choice,
                g -> {
                    g.writeArrayFieldStart("tool_calls");
                    g.writeStartObject();
                    g.writeNumberField("index", toolIndex);
                    g.writeObjectFieldStart("function");
                    g.writeStringField("arguments", fragment);
                    g.writeEndObject();
                    g.writeEndObject();
                    g.writeEndArray();
                },
                null);
    }

    /** The last chunk of a choice: empty delta and the finish reason. */
    public String finish(int choice, FinishReasons.Reason reason) {
        facts.finished(choice, reason.wire());
        return write(choice, g -> {}, reason.wire());
    }

    /**
     * OpenAI's usage chunk ({@code stream_options.include_usage}): {@code choices: []} and the
     * usage shaped as in a whole answer.
     *
     * @param strict strict OpenAI compliance: no provider extras (see {@link Usage})
     */
    public String usage(Usage usage, boolean strict) {
        reported(usage);
        return generate(g -> {
            header(g);
            g.writeArrayFieldStart("choices");
            g.writeEndArray();
            g.writeFieldName("usage");
            usage.write(g, strict);
        });
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private String write(int choice, Body delta, String finishReason) {
        return generate(g -> {
            header(g);
            g.writeArrayFieldStart("choices");
            g.writeStartObject();
            g.writeNumberField("index", choice);
            g.writeObjectFieldStart("delta");
            delta.write(g);
            g.writeEndObject();
            g.writeNullField("logprobs");
            if (finishReason == null) {
                g.writeNullField("finish_reason");
            } else {
                g.writeStringField("finish_reason", finishReason);
            }
            g.writeEndObject();
            g.writeEndArray();
        });
    }

    private void header(JsonGenerator g) throws IOException {
        g.writeStringField("id", id);
        g.writeStringField("object", "chat.completion.chunk");
        g.writeNumberField("created", created);
        g.writeStringField("model", model);
    }

    private static String generate(Body body) {
        SegmentedStringWriter out =
                new SegmentedStringWriter(Json.MAPPER.getFactory()._getBufferRecycler());
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
            g.flush();
            return out.getAndClear();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

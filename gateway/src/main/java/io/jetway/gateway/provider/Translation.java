package io.jetway.gateway.provider;

import io.jetway.gateway.core.CallFacts;
import io.jetway.gateway.core.ChunkSource;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.upstream.UpstreamRequest;
import io.jetway.gateway.upstream.UpstreamResponse;
import java.util.function.Function;

/**
 * One chat call's translation, as the provider's {@link Provider#translate} made it: the upstream
 * request, and the reader of what comes back, which holds what was decided while preparing (model,
 * JSON-output mode, include-usage, ids: {@link AnswerPlan} and the provider's own decisions), so
 * that the answer, the stream and the error are read the way the request was written and nothing
 * is decided twice.
 *
 * <p>Each upstream attempt (a retry, one of {@code n} calls) reads through its own
 * {@link #nextAttempt()}, which shares the request and the decisions and records its own
 * {@link CallFacts}: the typed facts (model, finish reasons, usage) observability, the request log,
 * limits and cost read once the answer is mapped or the stream has ended. Not thread-safe per
 * attempt; attempts may run on different threads.
 */
public final class Translation {

    /**
     * How one provider reads what comes back for a request it prepared. Implementations are
     * immutable and carry the decisions they need; they get each attempt's facts recorder and write
     * into it what the answer turned out to be.
     */
    public interface Reader {

        /** Maps a 2xx non-stream body to the client's {@code chat.completion} JSON. */
        byte[] answer(byte[] upstreamBody, CallFacts.Recorder facts);

        /** Opens the client's chunk stream over a 2xx upstream stream. The source owns {@code response}. */
        ChunkSource stream(UpstreamRequest request, UpstreamResponse response, CallFacts.Recorder facts);

        /** Normalises a non-2xx answer, keeping the provider's status and message. */
        GatewayException error(int status, byte[] body, Function<String, String> headers);
    }

    private final ProviderRequest request;
    private final Reader reader;
    /** Made when this attempt first reads (the pipeline reads only through {@link #nextAttempt()}s). */
    private CallFacts.Recorder facts;

    private Translation(ProviderRequest request, Reader reader) {
        this.request = request;
        this.reader = reader;
    }

    /** The translation of a prepared {@code request}, read back by {@code reader}. */
    public static Translation of(ProviderRequest request, Reader reader) {
        return new Translation(request, reader);
    }

    /** The upstream call: URL, headers (credentials included: never log them), body, dropped fields. */
    public ProviderRequest request() {
        return request;
    }

    /** The client's {@code chat.completion} for a 2xx body; records this attempt's facts. */
    public byte[] answer(byte[] upstreamBody) {
        return reader.answer(upstreamBody, facts());
    }

    /** The client's chunk stream over a 2xx upstream stream; records this attempt's facts as it is pulled. */
    public ChunkSource stream(UpstreamRequest upstreamRequest, UpstreamResponse response) {
        return reader.stream(upstreamRequest, response, facts());
    }

    /** The error to answer for a non-2xx upstream answer. */
    public GatewayException error(int status, byte[] body, Function<String, String> headers) {
        return reader.error(status, body, headers);
    }

    /** This attempt's facts recorder (complete once the answer is mapped or the stream has ended). */
    public CallFacts.Recorder facts() {
        if (facts == null) {
            facts = new CallFacts.Recorder();
        }
        return facts;
    }

    /** The same request and decisions for another upstream attempt, with facts of its own. */
    public Translation nextAttempt() {
        return new Translation(request, reader);
    }

    /** The reader (for tests that check what was decided). */
    public Reader reader() {
        return reader;
    }

    @Override
    public String toString() {
        return "Translation[" + request + "]";
    }
}

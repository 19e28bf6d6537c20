package io.jetway.bench;

import io.jetway.gateway.core.ChatRequest;
import io.jetway.gateway.server.RequestParser;
import io.jetway.gateway.core.Json;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every request pays before any provider: the body parsed into the typed model (Jackson,
 * strict) and validated against the spec's constraints (Hibernate Validator).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class RequestParsingBench {

    private final RequestParser parser = new RequestParser(Json.MAPPER);
    private final byte[] body = Payloads.CHAT_REQUEST.getBytes(StandardCharsets.UTF_8);

    @Benchmark
    public ChatRequest parseAndValidate() {
        return parser.parse("application/json", body);
    }
}

package io.jetway.gateway.provider.bedrock;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.jetway.api.model.ChatCompletionRequestAssistantMessage;
import io.jetway.api.model.ChatCompletionRequestMessage;
import io.jetway.api.model.ChatCompletionRequestMessageContentPart;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartImage;
import io.jetway.api.model.ChatCompletionRequestUserMessage;
import io.jetway.api.model.CreateChatCompletionRequest;
import io.jetway.api.types.MessageContent;
import io.jetway.gateway.core.FieldScan;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.core.ProviderOption;
import io.jetway.gateway.core.Target;
import io.jetway.gateway.provider.AnswerPlan;
import io.jetway.gateway.provider.Provider;
import io.jetway.gateway.provider.ProviderCall;
import io.jetway.gateway.provider.ProviderRequest;
import io.jetway.gateway.provider.Translation;
import io.jetway.gateway.provider.bedrock.sigv4.AwsCredentials;
import io.jetway.gateway.provider.bedrock.sigv4.SigV4;
import io.jetway.gateway.upstream.CustomHostPolicy;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code bedrock}: Amazon Bedrock Runtime's Converse API for any model id
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html).
 *
 * <p>Endpoint: {@code POST {base}/model/{modelId}/converse} (or {@code /converse-stream}), base
 * {@code https://bedrock-runtime.{region}.amazonaws.com} unless a custom host replaces it (Portkey's
 * split too, Portkey-AI/gateway {@code src/providers/bedrock/api.ts}). The
 * model id (or inference-profile ARN) is one path segment, percent-encoded ({@code :} → {@code %3A},
 * {@code /} → {@code %2F}).
 *
 * <p>Credentials: an AWS access key ({@code x-portkey-aws-access-key-id},
 * {@code -secret-access-key}, {@code -session-token}, {@code -region} or the same-named config
 * keys) signs the request with SigV4 (service {@code bedrock}) at the request's arrival time;
 * without an access key, the provider key is sent as a Bedrock API key
 * ({@code Authorization: Bearer}, https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys.html).
 * The region defaults to {@code us-east-1}, as Portkey's does.
 *
 * <p>Images given by http(s) URL are fetched here, through the injected {@link ImageFetcher}
 * (size-limited and SSRF-guarded), because Bedrock takes only inline bytes or S3 locations; this
 * is the one piece of I/O in {@link #translate}. They are fetched in parallel, within the request's
 * {@code request_timeout} ({@link ImageFetches}).
 */
public final class BedrockProvider implements Provider {

    public static final String ID = "bedrock";
    static final String SIGNING_SERVICE = "bedrock";
    static final String DEFAULT_REGION = "us-east-1";
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,32}");
    private static final FieldScan EXTRA_FIELDS =
            FieldScan.of("additional_model_request_fields", "additionalModelRequestFields");

    /** Reads one value in the middle of a document (the mapper's reader refuses trailing tokens). */
    private static final com.fasterxml.jackson.databind.ObjectReader SUBTREE = Json.MAPPER
            .readerFor(JsonNode.class)
            .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ImageFetcher images;

    public BedrockProvider(ImageFetcher images) {
        this.images = images;
    }

    /**
     * The provider as the gateway registers it: image URLs are fetched with
     * {@link HttpImageFetcher}, guarded by the same SSRF policy as custom hosts (internal
     * addresses refused unless listed in {@code TRUSTED_CUSTOM_HOSTS}).
     */
    public static BedrockProvider create(CustomHostPolicy hosts) {
        return new BedrockProvider(new HttpImageFetcher(hosts, HttpImageFetcher.DEFAULT_MAX_BYTES));
    }

    @Override
    public String id() {
        return ID;
    }

    /** One choice per call (no {@code n}): the pipeline makes one call per choice. */
    @Override
    public boolean supportsN(ProviderCall call) {
        return false;
    }

    @Override
    public Translation translate(ProviderCall call) {
        Target target = call.target();
        String model = call.effective().model();
        if (model == null || model.isBlank()) {
            throw GatewayException.invalidRequest(
                    "bedrock needs the model id (or inference profile ARN) in 'model'.", "model");
        }
        String region = region(target);
        boolean stream = call.request().stream();
        URI uri = URI.create(
                base(target, region) + "/model/" + SigV4.encode(model) + (stream ? "/converse-stream" : "/converse"));

        CreateChatCompletionRequest body = call.effective().body();
        JsonNode overridden = call.effective().overriddenTree();
        JsonNode additional = overridden == null
                ? additionalFields(call.request().raw())
                : overridden.has("additional_model_request_fields")
                        ? overridden.get("additional_model_request_fields")
                        : overridden.get("additionalModelRequestFields");

        BedrockRequestMapper.Mapped mapped = BedrockRequestMapper.map(
                body, additional, ImageFetches.fetch(images, imageUrls(body), target.requestTimeout()));
        Map<String, String> headers = signedHeaders(call, uri, region, mapped.body());
        return Translation.of(
                new ProviderRequest(
                        uri, headers, mapped.body(), BedrockParams.TABLE.dropped(call.effective(), mapped.dropped())),
                new BedrockReader(AnswerPlan.of(call), mapped.forcedTool()));
    }

    /** The region of the target ({@value #DEFAULT_REGION} unless set), checked. */
    static String region(Target target) {
        String region = target.option(ProviderOption.AWS_REGION);
        if (region == null || region.isBlank()) {
            region = DEFAULT_REGION;
        }
        if (!REGION.matcher(region).matches()) {
            throw GatewayException.invalidRequest(
                    "The AWS region '" + region + "' is not valid (e.g. us-east-1).",
                    ProviderOption.AWS_REGION.header());
        }
        return region;
    }

    /** {@code https://bedrock-runtime.{region}.amazonaws.com}, or the custom host. */
    static String base(Target target, String region) {
        return target.customHost() != null
                ? target.customHost().toString()
                : "https://bedrock-runtime." + region + ".amazonaws.com";
    }

    /**
     * The headers of a POST of {@code body} to {@code uri}: the caller's forwarded ones, content type
     * and accept (an event stream when the caller streams), and the credentials: a SigV4 signature
     * over them with an AWS access key, else the Bedrock API key as a bearer token.
     */
    static Map<String, String> signedHeaders(ProviderCall call, URI uri, String region, byte[] body) {
        Target target = call.target();
        Map<String, String> headers = new LinkedHashMap<>(target.forwardHeaders());
        Map<String, String> signed = new LinkedHashMap<>(4);
        signed.put("content-type", "application/json");
        signed.put("accept", call.request().stream() ? "application/vnd.amazon.eventstream" : "application/json");
        headers.putAll(signed);
        String accessKey = target.option(ProviderOption.AWS_ACCESS_KEY_ID);
        if (accessKey != null && !accessKey.isBlank()) {
            String secret = target.option(ProviderOption.AWS_SECRET_ACCESS_KEY);
            if (secret == null || secret.isBlank()) {
                throw GatewayException.invalidRequest(
                        "bedrock with an AWS access key also needs the secret: set "
                                + ProviderOption.AWS_SECRET_ACCESS_KEY.header() + " (or "
                                + ProviderOption.AWS_SECRET_ACCESS_KEY.configKey() + " in the config).",
                        ProviderOption.AWS_SECRET_ACCESS_KEY.header());
            }
            String token = target.option(ProviderOption.AWS_SESSION_TOKEN);
            AwsCredentials credentials = new AwsCredentials(
                    accessKey.strip(), secret.strip(), token == null || token.isBlank() ? null : token.strip());
            headers.putAll(SigV4.signPost(uri, signed, body, credentials, region, SIGNING_SERVICE, call.receivedAt()));
        } else if (target.apiKey() != null && !target.apiKey().isBlank()) {
            headers.put("authorization", "Bearer " + target.apiKey());
        } else {
            throw new GatewayException(
                    401,
                    GatewayException.AUTHENTICATION,
                    "bedrock needs credentials: AWS keys ("
                            + ProviderOption.AWS_ACCESS_KEY_ID.header() + ", "
                            + ProviderOption.AWS_SECRET_ACCESS_KEY.header()
                            + ", optionally " + ProviderOption.AWS_SESSION_TOKEN.header() + " and "
                            + ProviderOption.AWS_REGION.header()
                            + ") or a Bedrock API key as Authorization: Bearer <key>.",
                    ProviderOption.AWS_ACCESS_KEY_ID.header(),
                    "missing_credentials");
        }
        return headers;
    }

    @Override
    public java.util.Set<io.jetway.gateway.core.Endpoint> endpoints() {
        return java.util.Set.of(io.jetway.gateway.core.Endpoint.CHAT, io.jetway.gateway.core.Endpoint.EMBEDDINGS);
    }

    /** Titan and Cohere embedding models through InvokeModel ({@link BedrockEmbeddings}). */
    @Override
    public ProviderRequest prepareEmbeddings(ProviderCall call) {
        return BedrockEmbeddings.prepare(call);
    }

    @Override
    public byte[] mapEmbeddings(ProviderCall call, byte[] upstreamBody) {
        return BedrockEmbeddings.map(call, upstreamBody);
    }

    /** Claude models take Anthropic's Messages natively, through InvokeModel ({@link BedrockMessages}). */
    @Override
    public boolean messagesNative(ProviderCall call) {
        return BedrockMessages.isClaude(call.effective().model());
    }

    @Override
    public Translation translateMessages(ProviderCall call) {
        return Translation.of(
                BedrockMessages.prepare(call),
                io.jetway.gateway.provider.anthropic.MessagesRelay.reader(
                        BedrockErrorMapper::map,
                        (request, response, facts) ->
                                BedrockChunkSource.of(request, response, new BedrockMessages.Relay(facts))));
    }

    @Override
    public GatewayException mapError(ProviderCall call, int status, byte[] body, Function<String, String> headers) {
        return BedrockErrorMapper.map(status, body, headers);
    }

    /** Every http(s) image URL of user and assistant messages, once each. */
    private static List<ImageFetches.Wanted> imageUrls(CreateChatCompletionRequest body) {
        Map<String, ImageFetches.Wanted> wanted = new LinkedHashMap<>();
        List<ChatCompletionRequestMessage> messages = body.getMessages();
        for (int i = 0; i < messages.size(); i++) {
            MessageContent content = switch (messages.get(i)) {
                case ChatCompletionRequestUserMessage u -> u.getContent();
                case ChatCompletionRequestAssistantMessage a -> a.getContent();
                default -> null;
            };
            if (content == null || content.isText()) {
                continue;
            }
            List<ChatCompletionRequestMessageContentPart> parts = content.parts();
            for (int p = 0; p < parts.size(); p++) {
                if (parts.get(p) instanceof ChatCompletionRequestMessageContentPartImage image) {
                    String url = image.getImageUrl().getUrl();
                    String lower = url.length() > 8 ? url.substring(0, 8).toLowerCase(java.util.Locale.ROOT) : url;
                    if ((lower.startsWith("http://") || lower.startsWith("https://")) && !wanted.containsKey(url)) {
                        String param = "messages[" + i + "].content[" + p + "].image_url.url";
                        URI uri;
                        try {
                            uri = URI.create(url);
                        } catch (IllegalArgumentException e) {
                            throw GatewayException.invalidRequest("The image URL is not a valid URL.", param);
                        }
                        wanted.put(url, new ImageFetches.Wanted(url, uri, param));
                    }
                }
            }
        }
        return List.copyOf(wanted.values());
    }

    /**
     * The caller's {@code additional_model_request_fields} (or {@code additionalModelRequestFields}),
     * which Jetway's OpenAPI request schema does not declare: read from the raw bytes with a
     * streaming parse that skips every other field, and only when the name occurs at all.
     */
    static JsonNode additionalFields(byte[] raw) {
        if (!EXTRA_FIELDS.mayContain(raw)) {
            return null;
        }
        try (JsonParser p = Json.MAPPER.createParser(raw)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonNode camel = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("additional_model_request_fields")) {
                    return SUBTREE.readValue(p);
                } else if (name.equals("additionalModelRequestFields")) {
                    camel = SUBTREE.readValue(p);
                } else {
                    p.skipChildren();
                }
            }
            return camel;
        } catch (IOException e) {
            throw new IllegalStateException("the body was validated as JSON", e);
        }
    }
}

package io.jetway.gateway.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.ChatCompletionMessageToolCall;
import io.jetway.api.model.ChatCompletionRequestAssistantMessage;
import io.jetway.api.model.ChatCompletionRequestMessageContentPart;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartAudio;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartFile;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartFileFile;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartImage;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartRedactedThinking;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartRefusal;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartText;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartThinking;
import io.jetway.api.types.MessageContent;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.core.Json;
import io.jetway.gateway.provider.common.FunctionTools;
import io.jetway.gateway.provider.core.DataUrl;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Message content as Gemini parts: text, inline data and file data (with their MIME types), function calls and responses. */
final class GeminiParts {

    private static final String PROVIDER = "Gemini";

    private GeminiParts() {}

    static void textParts(MessageContent content, ArrayNode into) {
        if (content == null) {
            return;
        }
        if (content.isText()) {
            addText(content.text(), into);
            return;
        }
        for (ChatCompletionRequestMessageContentPart part : content.parts()) {
            switch (part) {
                case ChatCompletionRequestMessageContentPartText t -> addText(t.getText(), into);
                case ChatCompletionRequestMessageContentPartRefusal r -> addText(r.getRefusal(), into);
                // Instructions are text; other part types are not instructions (and not valid here).
                case ChatCompletionRequestMessageContentPartImage ignored -> {}
                case ChatCompletionRequestMessageContentPartAudio ignored -> {}
                case ChatCompletionRequestMessageContentPartFile ignored -> {}
                case ChatCompletionRequestMessageContentPartThinking ignored -> {}
                case ChatCompletionRequestMessageContentPartRedactedThinking ignored -> {}
            }
        }
    }

    /** Gemini rejects empty text parts, so empty strings are left out. */
    static void addText(String text, ArrayNode into) {
        if (text != null && !text.isEmpty()) {
            into.addObject().put("text", text);
        }
    }

    static List<ObjectNode> userParts(MessageContent content, String at) {
        List<ObjectNode> parts = new ArrayList<>();
        if (content == null) {
            return parts;
        }
        if (content.isText()) {
            if (!content.text().isEmpty()) {
                parts.add(text(content.text()));
            }
            return parts;
        }
        List<ChatCompletionRequestMessageContentPart> in = content.parts();
        for (int j = 0; j < in.size(); j++) {
            String partAt = at + ".content[" + j + "]";
            switch (in.get(j)) {
                case ChatCompletionRequestMessageContentPartText t -> {
                    if (t.getText() != null && !t.getText().isEmpty()) {
                        parts.add(text(t.getText()));
                    }
                }
                case ChatCompletionRequestMessageContentPartRefusal r -> {
                    if (r.getRefusal() != null && !r.getRefusal().isEmpty()) {
                        parts.add(text(r.getRefusal()));
                    }
                }
                case ChatCompletionRequestMessageContentPartImage img ->
                    parts.add(media(
                            img.getImageUrl().getUrl(),
                            img.getImageUrl().getMimeType(),
                            "image/jpeg",
                            partAt + ".image_url.url"));
                case ChatCompletionRequestMessageContentPartAudio audio -> {
                    ObjectNode inline = Json.MAPPER.createObjectNode();
                    inline.putObject("inlineData")
                            .put("mimeType", audioMime(audio.getInputAudio().getFormat()))
                            .put("data", audio.getInputAudio().getData());
                    parts.add(inline);
                }
                case ChatCompletionRequestMessageContentPartFile file ->
                    parts.add(file(file.getFile(), partAt + ".file"));
                case ChatCompletionRequestMessageContentPartThinking ignored -> {}
                case ChatCompletionRequestMessageContentPartRedactedThinking ignored -> {}
            }
        }
        return parts;
    }

    static List<ObjectNode> assistantParts(
            ChatCompletionRequestAssistantMessage a, String at, Map<String, String> functionNames) {
        List<ObjectNode> parts = new ArrayList<>();
        MessageContent content = a.getContent();
        if (content != null) {
            if (content.isText()) {
                if (!content.text().isEmpty()) {
                    parts.add(text(content.text()));
                }
            } else {
                for (ChatCompletionRequestMessageContentPart part : content.parts()) {
                    switch (part) {
                        case ChatCompletionRequestMessageContentPartText t -> {
                            if (t.getText() != null && !t.getText().isEmpty()) {
                                parts.add(text(t.getText()));
                            }
                        }
                        case ChatCompletionRequestMessageContentPartRefusal r -> {
                            if (r.getRefusal() != null && !r.getRefusal().isEmpty()) {
                                parts.add(text(r.getRefusal()));
                            }
                        }
                        // Earlier thoughts are not input for Gemini (see the class comment).
                        case ChatCompletionRequestMessageContentPartThinking ignored -> {}
                        case ChatCompletionRequestMessageContentPartRedactedThinking ignored -> {}
                        case ChatCompletionRequestMessageContentPartImage ignored -> {}
                        case ChatCompletionRequestMessageContentPartAudio ignored -> {}
                        case ChatCompletionRequestMessageContentPartFile ignored -> {}
                    }
                }
            }
        }
        List<ChatCompletionMessageToolCall> calls = FunctionTools.calls(a, at, PROVIDER);
        if (!calls.isEmpty()) {
            for (int k = 0; k < calls.size(); k++) {
                ChatCompletionMessageToolCall call = calls.get(k);
                String name = call.getFunction().getName();
                functionNames.put(call.getId(), name);
                ObjectNode part = Json.MAPPER.createObjectNode();
                ObjectNode fc = part.putObject("functionCall");
                fc.put("name", name);
                fc.set(
                        "args",
                        arguments(call.getFunction().getArguments(), at + ".tool_calls[" + k + "].function.arguments"));
                String signature = GeminiToolCallIds.signatureOf(call.getId());
                if (signature != null) {
                    part.put("thoughtSignature", signature);
                }
                parts.add(part);
            }
        }
        return parts;
    }

    static JsonNode arguments(String json, String at) {
        if (json == null || json.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            JsonNode args = Json.MAPPER.readTree(json);
            if (args != null && args.isObject()) {
                return args;
            }
        } catch (IOException notJson) {
            // reported below
        }
        throw GatewayException.invalidRequest(
                at + " must be a JSON object (Gemini takes function arguments as " + "an object).", at);
    }

    /**
     * A function result. Gemini's {@code response} is an object: a JSON object result is sent as
     * it is; anything else goes under {@code output}, the key Gemini documents for a function's
     * output (https://ai.google.dev/api/caching#FunctionResponse).
     */
    static ObjectNode functionResponse(String name, String result) {
        ObjectNode part = Json.MAPPER.createObjectNode();
        ObjectNode fr = part.putObject("functionResponse");
        fr.put("name", name);
        JsonNode parsed = null;
        if (result != null && !result.isBlank() && result.strip().startsWith("{")) {
            try {
                parsed = Json.MAPPER.readTree(result);
            } catch (IOException notJson) {
                parsed = null;
            }
        }
        if (parsed != null && parsed.isObject()) {
            fr.set("response", parsed);
        } else {
            fr.putObject("response").put("output", result == null ? "" : result);
        }
        return part;
    }

    static ObjectNode text(String text) {
        return Json.MAPPER.createObjectNode().put("text", text);
    }

    /** A data URL → {@code inlineData}; an http(s) or gs:// URL → {@code fileData}. */
    static ObjectNode media(String url, String givenMime, String fallbackMime, String at) {
        ObjectNode part = Json.MAPPER.createObjectNode();
        if (DataUrl.is(url)) {
            DataUrl data = DataUrl.parse(url, at);
            part.putObject("inlineData")
                    .put("mimeType", givenMime != null ? givenMime : data.requireMediaType(at))
                    .put("data", data.base64());
            return part;
        }
        if (url != null
                && (startsWithIgnoreCase(url, "https://")
                        || startsWithIgnoreCase(url, "http://")
                        || startsWithIgnoreCase(url, "gs://"))) {
            ObjectNode fileData = part.putObject("fileData");
            String mime = givenMime != null ? givenMime : mimeFromExtension(url);
            if (mime == null) {
                mime = fallbackMime;
            }
            if (mime != null) {
                fileData.put("mimeType", mime);
            }
            fileData.put("fileUri", url);
            return part;
        }
        throw GatewayException.invalidRequest(
                at + " must be a data URL (data:<mime>;base64,…) or an http(s) or " + "gs:// URL.", at);
    }

    static ObjectNode file(ChatCompletionRequestMessageContentPartFileFile file, String at) {
        if (file.getFileData() != null) {
            String data = file.getFileData();
            if (DataUrl.is(data)) {
                return media(data, file.getMimeType(), null, at + ".file_data");
            }
            String mime = file.getMimeType() != null
                    ? file.getMimeType()
                    : file.getFilename() == null ? null : mimeFromExtension(file.getFilename());
            if (mime == null) {
                throw GatewayException.invalidRequest(
                        at + ".file_data is bare base64 without a MIME type: send a "
                                + "data URL, or mime_type, or a filename with a known extension.",
                        at + ".file_data");
            }
            ObjectNode part = Json.MAPPER.createObjectNode();
            part.putObject("inlineData").put("mimeType", mime).put("data", data);
            return part;
        }
        String uri = file.getFileUrl() != null ? file.getFileUrl() : file.getFileId();
        if (uri == null) {
            throw GatewayException.invalidRequest(at + " needs file_data, file_url or file_id.", at);
        }
        ObjectNode part = Json.MAPPER.createObjectNode();
        ObjectNode fileData = part.putObject("fileData");
        String mime = file.getMimeType() != null
                ? file.getMimeType()
                : mimeFromExtension(file.getFilename() != null ? file.getFilename() : uri);
        if (mime != null) {
            fileData.put("mimeType", mime);
        }
        fileData.put("fileUri", uri);
        return part;
    }

    static String audioMime(String format) {
        if (format == null) {
            return "audio/wav";
        }
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "mp3" -> "audio/mp3";
            case "wav" -> "audio/wav";
            default -> "audio/" + format.toLowerCase(Locale.ROOT);
        };
    }

    /** MIME types Gemini accepts, by file extension (https://ai.google.dev/gemini-api/docs/file-input-methods). */
    static String mimeFromExtension(String uri) {
        String path = uri;
        int cut = path.indexOf('?');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        cut = path.indexOf('#');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        int dot = path.lastIndexOf('.');
        if (dot < 0 || dot < path.lastIndexOf('/')) {
            return null;
        }
        return switch (path.substring(dot + 1).toLowerCase(Locale.ROOT)) {
            case "jpg", "jpeg" -> "image/jpeg";
            case "png" -> "image/png";
            case "gif" -> "image/gif";
            case "webp" -> "image/webp";
            case "heic" -> "image/heic";
            case "heif" -> "image/heif";
            case "pdf" -> "application/pdf";
            case "txt" -> "text/plain";
            case "csv" -> "text/csv";
            case "html", "htm" -> "text/html";
            case "md" -> "text/markdown";
            case "mp3" -> "audio/mp3";
            case "wav" -> "audio/wav";
            case "flac" -> "audio/flac";
            case "aac" -> "audio/aac";
            case "ogg" -> "audio/ogg";
            case "mp4" -> "video/mp4";
            case "mpeg", "mpg" -> "video/mpeg";
            case "mov" -> "video/mov";
            case "webm" -> "video/webm";
            default -> null;
        };
    }

    static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}

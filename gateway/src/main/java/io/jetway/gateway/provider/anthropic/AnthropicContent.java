package io.jetway.gateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.CacheControl;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartFileFile;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.provider.core.DataUrl;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/** Anthropic's content blocks: text, images, documents and their cache control. */
final class AnthropicContent {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AnthropicContent() {}

    /** A text block; empty texts are skipped (Anthropic rejects empty text blocks). */
    static void addText(ArrayNode blocks, String text, ObjectNode cacheControl) {
        if (text == null || text.isEmpty()) {
            return;
        }
        ObjectNode block = blocks.addObject();
        block.put("type", "text");
        block.put("text", text);
        if (cacheControl != null) {
            block.set("cache_control", cacheControl);
        }
    }

    static ObjectNode cacheControl(CacheControl cc) {
        if (cc == null) {
            return null;
        }
        ObjectNode node = NODES.objectNode();
        node.put("type", cc.getType());
        if (cc.getTtl() != null) {
            node.put("ttl", cc.getTtl());
        }
        return node;
    }

    /** Only {@code type} and {@code ttl}: Anthropic rejects other fields in a cache_control. */
    static ObjectNode sanitizeCache(JsonNode raw) {
        if (!raw.isObject() || !raw.path("type").isTextual()) {
            return null;
        }
        ObjectNode node = NODES.objectNode();
        node.put("type", raw.path("type").asText());
        if (raw.path("ttl").isTextual()) {
            node.put("ttl", raw.path("ttl").asText());
        }
        return node;
    }

    static ObjectNode withCache(ObjectNode block, JsonNode rawCache) {
        ObjectNode cc = sanitizeCache(rawCache);
        if (cc != null) {
            block.set("cache_control", cc);
        }
        return block;
    }

    /** An image_url part: a base64 data URL (a PDF becomes a document) or an http(s) URL. */
    static ObjectNode image(String url, String mimeType, String param) {
        if (DataUrl.is(url)) {
            DataUrl data = DataUrl.parse(url, param);
            String media = mimeType != null ? mimeType : data.requireMediaType(param);
            return base64Block(media, data.base64(), null, param);
        }
        if (isHttp(url)) {
            ObjectNode block = NODES.objectNode();
            block.put("type", "image");
            ObjectNode src = block.putObject("source");
            src.put("type", "url");
            src.put("url", url);
            return block;
        }
        throw GatewayException.invalidRequest(
                param + " must be an http(s) URL or a base64 data: URL for the " + "anthropic provider.", param);
    }

    /** A file part: data (a data URL, or bare base64 with mime_type) or an http(s) file_url. */
    static ObjectNode file(ChatCompletionRequestMessageContentPartFileFile f, String param) {
        if (f.getFileData() != null) {
            String data = f.getFileData();
            String media = f.getMimeType();
            String base64 = data;
            if (DataUrl.is(data)) {
                DataUrl d = DataUrl.parse(data, param + ".file_data");
                base64 = d.base64();
                media = media != null ? media : d.mediaType();
            }
            if (media == null) {
                throw GatewayException.invalidRequest(
                        param + ".file_data needs a media type: send a data: URL "
                                + "(data:application/pdf;base64,…) or set mime_type.",
                        param + ".file_data");
            }
            return base64Block(media, base64, f.getFilename(), param + ".file_data");
        }
        if (f.getFileUrl() != null) {
            if (!isHttp(f.getFileUrl())) {
                throw GatewayException.invalidRequest(param + ".file_url must be an http(s) URL.", param + ".file_url");
            }
            boolean image = f.getMimeType() != null
                    && f.getMimeType().toLowerCase(Locale.ROOT).startsWith("image/");
            ObjectNode block = NODES.objectNode();
            block.put("type", image ? "image" : "document");
            ObjectNode src = block.putObject("source");
            src.put("type", "url");
            src.put("url", f.getFileUrl());
            if (!image && f.getFilename() != null) {
                block.put("title", f.getFilename());
            }
            return block;
        }
        if (f.getFileId() != null) {
            throw GatewayException.invalidRequest(
                    param + ".file_id cannot be sent to Anthropic (its Files API is "
                            + "a beta with its own ids): send the file as file_data.",
                    param + ".file_id");
        }
        throw GatewayException.invalidRequest(param + " needs file_data or file_url.", param);
    }

    /**
     * A base64 payload as the block its media type calls for: PDF → document, text/plain →
     * document with a text source (Anthropic takes plain text decoded), image/* → image.
     */
    static ObjectNode base64Block(String mediaType, String base64, String title, String param) {
        String media = mediaType.toLowerCase(Locale.ROOT);
        ObjectNode block = NODES.objectNode();
        if (media.equals("application/pdf")) {
            block.put("type", "document");
            ObjectNode src = block.putObject("source");
            src.put("type", "base64");
            src.put("media_type", "application/pdf");
            src.put("data", base64);
        } else if (media.equals("text/plain")) {
            block.put("type", "document");
            ObjectNode src = block.putObject("source");
            src.put("type", "text");
            src.put("media_type", "text/plain");
            try {
                src.put("data", new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw GatewayException.invalidRequest(param + " is not valid base64.", param);
            }
        } else if (media.startsWith("image/")) {
            block.put("type", "image");
            ObjectNode src = block.putObject("source");
            src.put("type", "base64");
            src.put("media_type", media);
            src.put("data", base64);
            return block;
        } else {
            throw GatewayException.invalidRequest(
                    param + " has media type " + mediaType + "; Anthropic accepts "
                            + "images (jpeg, png, gif, webp), PDF and plain-text documents.",
                    param);
        }
        if (title != null) {
            block.put("title", title);
        }
        return block;
    }

    static boolean isHttp(String url) {
        return url.regionMatches(true, 0, "https://", 0, 8) || url.regionMatches(true, 0, "http://", 0, 7);
    }
}

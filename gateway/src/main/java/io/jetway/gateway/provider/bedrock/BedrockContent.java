package io.jetway.gateway.provider.bedrock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jetway.api.model.ChatCompletionRequestMessageContentPartFile;
import io.jetway.gateway.core.GatewayException;
import io.jetway.gateway.provider.core.DataUrl;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Converse content blocks: text with cache points, images (data URL, s3:// or fetched), documents and
 * their formats.
 */
final class BedrockContent {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private BedrockContent() {}

    /** Adds a text block (Bedrock rejects blank text, so empty strings are skipped), then a cache point if asked. */
    static void addText(ArrayNode blocks, String text, boolean cachePoint) {
        if (text != null && !text.isEmpty()) {
            blocks.addObject().put("text", text);
        }
        if (cachePoint && !blocks.isEmpty()) {
            blocks.addObject().putObject("cachePoint").put("type", "default");
        }
    }

    /** An {@code image} block from a data URL, an {@code s3://} location, or an already fetched http(s) URL. */
    static ObjectNode image(String url, String mimeType, Map<String, ImageFetcher.Image> fetched, String param) {
        ObjectNode image = NODES.objectNode();
        if (DataUrl.is(url)) {
            DataUrl data = DataUrl.parse(url, param);
            image.put("format", imageFormat(data.mediaType() != null ? data.mediaType() : "text/plain", param));
            image.putObject("source").put("bytes", data.base64());
        } else if (url.startsWith("s3://")) {
            image.put("format", imageFormat(mimeType != null ? mimeType : guessImageType(url), param));
            image.putObject("source").putObject("s3Location").put("uri", url);
        } else {
            ImageFetcher.Image got = fetched.get(url);
            if (got == null) {
                throw GatewayException.invalidRequest(
                        "The image URL must be a data URL, an s3:// location or an " + "http(s) URL.", param);
            }
            image.put("format", imageFormat(got.mediaType(), param));
            image.putObject("source").put("bytes", Base64.getEncoder().encodeToString(got.bytes()));
        }
        return image;
    }

    static ObjectNode file(ChatCompletionRequestMessageContentPartFile part, int index, String param) {
        var f = part.getFile();
        String mediaType = f.getMimeType();
        String base64;
        ObjectNode source = NODES.objectNode();
        if (f.getFileData() != null) {
            if (DataUrl.is(f.getFileData())) {
                DataUrl data = DataUrl.parse(f.getFileData(), param + ".file_data");
                mediaType = data.mediaType() != null ? data.mediaType() : "text/plain";
                base64 = data.base64();
            } else {
                base64 = f.getFileData();
            }
            source.put("bytes", base64);
        } else if (f.getFileUrl() != null && f.getFileUrl().startsWith("s3://")) {
            source.putObject("s3Location").put("uri", f.getFileUrl());
        } else {
            throw GatewayException.invalidRequest(
                    "bedrock takes files as file_data (base64 or a data URL) or as an "
                            + "s3:// file_url; file ids and web URLs are not supported.",
                    param);
        }
        if (mediaType == null) {
            throw GatewayException.invalidRequest(
                    "The file's media type is unknown: send file_data as a data URL "
                            + "(data:application/pdf;base64,…) or set mime_type.",
                    param);
        }
        String lower = mediaType.toLowerCase(Locale.ROOT);
        ObjectNode block = NODES.objectNode();
        if (lower.startsWith("image/")) {
            ObjectNode image = block.putObject("image");
            image.put("format", imageFormat(lower, param));
            image.set("source", source);
            return block;
        }
        ObjectNode document = block.putObject("document");
        document.put("format", documentFormat(lower, param));
        document.put("name", documentName(f.getFilename(), index));
        document.set("source", source);
        return block;
    }

    static String imageFormat(String mediaType, String param) {
        String m = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
        return switch (m) {
            case "image/png" -> "png";
            case "image/jpeg", "image/jpg" -> "jpeg";
            case "image/gif" -> "gif";
            case "image/webp" -> "webp";
            default ->
                throw GatewayException.invalidRequest(
                        "bedrock takes png, jpeg, gif and webp images, not '" + mediaType + "'.", param);
        };
    }

    static String guessImageType(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".png")) {
            return "image/png";
        }
        if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        if (lower.endsWith(".gif")) {
            return "image/gif";
        }
        if (lower.endsWith(".webp")) {
            return "image/webp";
        }
        return null;
    }

    /** Bedrock's document formats (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_DocumentBlock.html). */
    static String documentFormat(String mediaType, String param) {
        return switch (mediaType) {
            case "application/pdf" -> "pdf";
            case "text/csv" -> "csv";
            case "application/msword" -> "doc";
            case "application/vnd.openxmlformats-officedocument.wordprocessingml.document" -> "docx";
            case "application/vnd.ms-excel" -> "xls";
            case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" -> "xlsx";
            case "text/html" -> "html";
            case "text/plain" -> "txt";
            case "text/markdown" -> "md";
            default ->
                throw GatewayException.invalidRequest(
                        "bedrock takes pdf, csv, doc, docx, xls, xlsx, html, txt " + "and md documents, not '"
                                + mediaType + "'.",
                        param);
        };
    }

    /**
     * A document name Bedrock accepts: letters, digits, single spaces, hyphens, parentheses and
     * square brackets, at most 200 characters; the extension is dropped.
     */
    static String documentName(String filename, int index) {
        String base = filename == null ? "" : filename;
        int dot = base.lastIndexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        String cleaned = base.replaceAll("[^A-Za-z0-9 \\-()\\[\\]]", "-")
                .replaceAll("\\s+", " ")
                .strip();
        if (cleaned.isEmpty()) {
            cleaned = "document-" + (index + 1);
        }
        return cleaned.length() > 200 ? cleaned.substring(0, 200) : cleaned;
    }
}

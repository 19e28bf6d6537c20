package io.jetway.gateway.provider.core;

/** Tool call ids as providers with a restricted id alphabet take them. */
public final class ToolIds {

    private ToolIds() {}

    /**
     * {@code id} within {@code ^[a-zA-Z0-9_-]+$} (the pattern of Anthropic's {@code tool_use.id},
     * https://docs.anthropic.com/en/api/messages, and of Bedrock's {@code toolUseId},
     * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolUseBlock.html): ids
     * from other providers may hold other characters, which become {@code _}, the same way for a
     * call and its result, so pairs still match. Null becomes the empty string.
     */
    public static String restricted(String id) {
        if (id == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int k = 0; k < id.length(); k++) {
            char c = id.charAt(k);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
            if (!ok) {
                if (sb == null) {
                    sb = new StringBuilder(id.substring(0, k));
                }
                sb.append('_');
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? id : sb.toString();
    }
}

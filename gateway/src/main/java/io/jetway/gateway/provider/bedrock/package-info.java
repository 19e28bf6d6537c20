/**
 * {@code bedrock}: Amazon Bedrock Runtime's Converse and ConverseStream APIs
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_Operations_Amazon_Bedrock_Runtime.html)
 * behind Chat Completions. Requests are signed with SigV4 ({@code sigv4}) or carry a Bedrock API
 * key; streams arrive as binary {@code application/vnd.amazon.eventstream} frames, decoded by
 * {@code eventstream}. One class per direction: {@code BedrockRequestMapper},
 * {@code BedrockResponseMapper}, {@code BedrockStreamMapper}, {@code BedrockErrorMapper}.
 */
package io.jetway.gateway.provider.bedrock;

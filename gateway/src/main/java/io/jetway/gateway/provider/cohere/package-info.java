/**
 * Cohere's Chat API v2 ({@code x-portkey-provider: cohere}): {@code POST {base}/v2/chat}, base
 * {@code https://api.cohere.com} (a custom host replaces exactly that), {@code Authorization: Bearer}.
 * OpenAI Chat Completions requests are translated to Cohere's body, Cohere's answers, SSE events
 * and errors back to Chat Completions.
 *
 * <p>API reference: https://docs.cohere.com/reference/chat (request and response),
 * https://docs.cohere.com/reference/chat-stream and https://docs.cohere.com/v2/docs/streaming
 * (stream events), https://docs.cohere.com/reference/errors (errors). The tests validate every
 * request body the mapper produces against Cohere's published OpenAPI schema.
 *
 * <p>Decisions where the two APIs differ (each also noted where it is implemented):
 * <ul>
 *   <li>A named {@code tool_choice} has no Cohere equivalent; it becomes {@code REQUIRED} with only
 *       the named tool offered, which forces exactly that tool.</li>
 *   <li>Legacy {@code functions} / {@code function_call} / {@code function} messages, {@code n > 1},
 *       and audio or file input parts are rejected with a 400 (Cohere lacks them and dropping
 *       them would change the answer); fields that only tune or annotate ({@code logit_bias},
 *       {@code logprobs}, {@code user}, {@code metadata} …) are dropped and reported in
 *       {@code x-jetway-dropped-params}.</li>
 *   <li>Cohere's reasoning ({@code thinking} content) and its {@code tool_plan} (the model's
 *       plan before tool calls) are reasoning: with strict OpenAI compliance off they appear as
 *       {@code reasoning_content} and {@code content_blocks}; with it on, nowhere.</li>
 *   <li>Finish reasons {@code ERROR} and {@code TIMEOUT} (and a stream's {@code message-end}
 *       carrying an {@code error}) become errors, not answers; an unknown finish reason is
 *       {@code tool_calls} when the answer has tool calls, else {@code stop}.</li>
 *   <li>The stream's terminal event is {@code message-end}; an upstream end before it is a
 *       truncation error.</li>
 * </ul>
 */
package io.jetway.gateway.provider.cohere;

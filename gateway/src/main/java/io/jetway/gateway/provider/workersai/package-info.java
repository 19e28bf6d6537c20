/**
 * Cloudflare Workers AI's native run API ({@code x-portkey-provider: workers-ai}):
 * {@code POST {base}/{model}}, base
 * {@code https://api.cloudflare.com/client/v4/accounts/{account id}/ai/run} (a custom host replaces
 * exactly that base, as Portkey splits it: Portkey-AI/gateway {@code src/providers/workers-ai/api.ts}),
 * {@code Authorization: Bearer}. The account id is the provider option
 * {@code x-portkey-workers-ai-account-id} / {@code workers_ai_account_id}. OpenAI Chat Completions
 * requests are translated to the run API's messages input; its {@code result}, SSE events and
 * errors back to Chat Completions.
 *
 * <p>API reference: https://developers.cloudflare.com/workers-ai/get-started/rest-api/ (the run
 * endpoint and its {@code {result, success, errors, messages}} envelope),
 * https://developers.cloudflare.com/workers-ai/models/llama-3.3-70b-instruct-fp8-fast/ (the model's
 * input and output schema), https://developers.cloudflare.com/workers-ai/features/function-calling/,
 * https://developers.cloudflare.com/workers-ai/features/json-mode/ and
 * https://developers.cloudflare.com/workers-ai/features/streaming/ ({@code data: {"response": …}} …
 * {@code data: [DONE]}). The tests validate every request body the mapper produces against that
 * published schema ({@code providers/workers-ai/SOURCES.md}).
 *
 * <p>Decisions where the two APIs differ (each also noted where it is implemented):
 * <ul>
 *   <li>The model is the last part of the URL, not a body field; a model that could leave that
 *       path (anything but letters, digits, {@code @ . _ -} in {@code /}-separated segments) is a 400.</li>
 *   <li>Workers AI reports no finish reason: an answer with tool calls finished with
 *       {@code tool_calls}; one whose completion tokens reached its cap ({@code max_tokens}, else
 *       Cloudflare's default of 256) with {@code length}; any other with {@code stop} (a
 *       {@code finish_reason} it does send is used).</li>
 *   <li>Tool calls come without ids: the gateway makes them from the trace id
 *       ({@code call_<trace id>_<index>}); their arguments come as a JSON object and are written as
 *       its JSON text.</li>
 *   <li>The model's messages are {@code {role, content}} only: an earlier tool call is written into
 *       the assistant's text as {@code {"name": …, "parameters": {…}}} (as Cloudflare's own AI SDK
 *       provider writes it), a tool result is a {@code tool} message with its text; results pair with
 *       calls by order, as there is no place for the call id.</li>
 *   <li>Only function tools; {@code tool_choice} {@code none} is carried out by offering no tools,
 *       {@code required} or a named function are refused (Workers AI cannot force a call).</li>
 *   <li>Message content is text: image, audio and file parts are refused; {@code stop},
 *       {@code logprobs}, {@code n} and the like are dropped and named in
 *       {@code x-jetway-dropped-params} ({@link io.jetway.gateway.provider.workersai.WorkersAiParams}).</li>
 *   <li>The stream ends with {@code data: [DONE]}; an upstream end before it is a truncation error.</li>
 * </ul>
 */
package io.jetway.gateway.provider.workersai;

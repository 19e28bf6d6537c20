// Runs one scenario through the openai or portkey-ai npm SDK against the gateway and prints its
// outcome as one JSON line on stdout, for NpmSdkTest to assert on. An SDK error is an outcome too:
// {"error": {"name", "status", "message"}}.
//
// Usage: node sdk.mjs <scenario>, with JETWAY_URL (the gateway), UPSTREAM_V1 (the fake provider's
// base URL, sent as the custom host) and PROVIDER_KEY in the environment.
import OpenAI from 'openai';
import { Portkey } from 'portkey-ai';

const { JETWAY_URL, UPSTREAM_V1, PROVIDER_KEY } = process.env;

const openai = new OpenAI({
  baseURL: `${JETWAY_URL}/v1`,
  apiKey: PROVIDER_KEY,
  maxRetries: 0,
  defaultHeaders: { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': UPSTREAM_V1 },
});

// As portkey-ai's README documents for a self-hosted gateway: baseURL, the provider, and the
// provider's key as Authorization; customHost becomes x-portkey-custom-host.
const portkey = new Portkey({
  baseURL: `${JETWAY_URL}/v1`,
  provider: 'openai',
  Authorization: `Bearer ${PROVIDER_KEY}`,
  customHost: UPSTREAM_V1,
});

const hello = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }] };

const scenarios = {
  async openaiChat() {
    const c = await openai.chat.completions.create(hello);
    return { content: c.choices[0].message.content, finishReason: c.choices[0].finish_reason };
  },

  // The SDK's stream helper: the content deltas as they arrive, and the completion it accumulates.
  async openaiStream() {
    const pieces = [];
    const runner = openai.chat.completions.stream(hello).on('content', (delta) => pieces.push(delta));
    const whole = await runner.finalChatCompletion();
    return { pieces, accumulated: whole.choices[0].message.content, finishReason: whole.choices[0].finish_reason };
  },

  async openaiCustomTool() {
    const c = await openai.chat.completions.create({
      ...hello,
      tools: [{
        type: 'custom',
        custom: { name: 'run_sql', description: 'Runs one SQL query', format: { type: 'text' } },
      }],
    });
    return { content: c.choices[0].message.content };
  },

  async openaiUpstreamError() {
    await openai.chat.completions.create(hello);
    return { unexpected: 'no error' };
  },

  async openaiBrokenStream() {
    const pieces = [];
    const stream = await openai.chat.completions.create({ ...hello, stream: true });
    try {
      for await (const chunk of stream) pieces.push(chunk.choices[0]?.delta?.content ?? '');
    } catch (e) {
      return { pieces, error: describe(e) };
    }
    return { pieces, unexpected: 'no error' };
  },

  async portkeyChat() {
    const c = await portkey.chat.completions.create(hello);
    return { content: c.choices[0].message.content };
  },

  // Portkey's documented vision example: image_url as the URL string itself.
  async portkeyVision() {
    const c = await portkey.chat.completions.create({
      model: 'gpt-4o',
      messages: [{
        role: 'user',
        content: [
          { type: 'text', text: "What's in this image?" },
          { type: 'image_url', image_url: 'https://upload.wikimedia.org/cat.jpg' },
        ],
      }],
    });
    return { content: c.choices[0].message.content };
  },
};

function describe(e) {
  return { name: e?.constructor?.name ?? typeof e, status: e?.status ?? null, message: e?.message ?? String(e) };
}

const name = process.argv[2];
if (!scenarios[name]) {
  console.error(`unknown scenario ${name}; known: ${Object.keys(scenarios).join(', ')}`);
  process.exit(2);
}
try {
  console.log(JSON.stringify(await scenarios[name]()));
} catch (e) {
  console.log(JSON.stringify({ error: describe(e) }));
}

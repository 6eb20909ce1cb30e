/** Words and names the generator draws from, chosen to look like real coding-agent sessions. */

export const SOURCES = ['opencode', 'claude-code', 'factory-droid', ''] as const;

/** Models with their provider and USD price per million prompt / completion tokens. */
export const MODELS = [
  { model: 'claude-3-5-sonnet', provider: 'anthropic', prompt: 3, completion: 15 },
  { model: 'claude-3-opus', provider: 'anthropic', prompt: 15, completion: 75 },
  { model: 'claude-sonnet-4', provider: 'anthropic', prompt: 3, completion: 15 },
  { model: 'gpt-4o', provider: 'openai', prompt: 2.5, completion: 10 },
  { model: 'gpt-4o-mini', provider: 'openai', prompt: 0.15, completion: 0.6 },
  { model: 'o3-mini', provider: 'openai', prompt: 1.1, completion: 4.4 },
  { model: 'gemini-1.5-pro', provider: 'google', prompt: 1.25, completion: 5 },
  { model: 'deepseek-coder', provider: 'deepseek', prompt: 0.14, completion: 0.28 },
  { model: 'mistral-large', provider: 'mistral', prompt: 2, completion: 6 },
  { model: 'llama-3.1-70b', provider: 'meta', prompt: 0.9, completion: 0.9 },
] as const;

export const PROJECTS = [
  'opensync',
  'pocketlite',
  'billing-service',
  'mobile-app',
  'infra',
  'docs-site',
  'data-pipeline',
  'auth-gateway',
  'design-system',
  'search-api',
  'ml-experiments',
  'cli-tools',
  'Café Ünicode',
  'observability',
];

/** Topics: each has words for titles and text, and an embedding centroid (see embeddings.ts). */
export const TOPICS = [
  {
    name: 'auth',
    words: ['login', 'token', 'session cookie', 'OAuth callback', 'password reset', 'JWT expiry'],
  },
  { name: 'database', words: ['migration', 'index', 'query plan', 'transaction', 'foreign key', 'deadlock'] },
  {
    name: 'frontend',
    words: ['React hook', 'component', 'useEffect', 'layout shift', 'CSS grid', 'hydration'],
  },
  { name: 'testing', words: ['flaky test', 'fixture', 'mock server', 'snapshot', 'coverage', 'CI pipeline'] },
  {
    name: 'performance',
    words: ['latency', 'cache', 'profiling', 'memory leak', 'N+1 query', 'bundle size'],
  },
  {
    name: 'deploy',
    words: ['Dockerfile', 'Kubernetes', 'rollback', 'env variables', 'health check', 'TLS cert'],
  },
  {
    name: 'api',
    words: ['REST endpoint', 'pagination', 'rate limit', 'webhook', 'OpenAPI spec', 'error shape'],
  },
  {
    name: 'refactor',
    words: ['extract function', 'rename', 'dead code', 'type errors', 'module boundary', 'lint'],
  },
] as const;

export const VERBS = [
  'Fix',
  'Add',
  'Refactor',
  'Debug',
  'Investigate',
  'Implement',
  'Speed up',
  'Document',
  'Remove',
];

export const FILLER = [
  'I looked at the stack trace and the failure starts in',
  'The simplest change is to update',
  'Here is a patch that handles the edge case in',
  'Running the tests again shows that',
  'We should also consider what happens when',
  'The root cause appears to be',
  'Let me check how the code paths around',
  'After the change the benchmark shows',
];

export const EVAL_TAGS = [
  'good',
  'bad',
  'hallucination',
  'tool-use',
  'long-context',
  'refusal',
  'regression',
  'gold',
];

export const LANGUAGES = ['typescript', 'python', 'go', 'rust', 'sql', 'bash'];

export const TOOLS = ['read_file', 'edit_file', 'run_command', 'search', 'list_dir', 'web_fetch'];

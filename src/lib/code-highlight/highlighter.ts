// Where code blocks get their highlighting from.
// - Server (static build): Prism, synchronously, with the additional languages that
//   @docusaurus/theme-classic's client module registered. The HTML of every page is highlighted.
// - Browser: nothing at first. Blocks that were server-rendered keep their markup through
//   hydration (see src/theme/CodeBlock/Content), so Prism is not part of the page's JavaScript.
//   Blocks mounted later (a tab switched, a page reached by client-side navigation) load the
//   highlighter chunk on demand; it is fetched early, on the reader's first click, tap or key press.
import { createHighlighter, type Highlight } from './html';

/**
 * Replaced at compile time by src/plugins/code-highlight.ts (DefinePlugin): true in the server
 * bundle, false in the browser's. Tested literally in each `if` below, because the bundler drops a
 * branch (and the modules it requires) only when its condition is the constant itself.
 */
declare const __CODE_HIGHLIGHT_SSR__: boolean;

let current: Highlight | undefined;
let loading: Promise<Highlight | undefined> | undefined;
const listeners = new Set<() => void>();

if (__CODE_HIGHLIGHT_SSR__) {
  // A require in a branch the bundler drops from the client bundle.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Prism, normalizeTokens } = require('prism-react-renderer') as typeof import('prism-react-renderer');
  current = createHighlighter(Prism, normalizeTokens);
}

/** The highlighter if it is ready (always on the server), else undefined. */
export function getHighlighter(): Highlight | undefined {
  return current;
}

/** Notifies `listener` once the browser highlighter has loaded. */
export function subscribeHighlighter(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Fetches the browser highlighter once; a failed fetch (offline) leaves code plain and can be retried. */
export function loadHighlighter(): Promise<Highlight | undefined> {
  if (current) return Promise.resolve(current);
  loading ??= import(/* webpackChunkName: "code-highlighter" */ './prism-runtime').then(
    (runtime) => {
      current = runtime.highlight;
      listeners.forEach((listener) => listener());
      return current;
    },
    () => {
      loading = undefined;
      return undefined;
    },
  );
  return loading;
}

if (!__CODE_HIGHLIGHT_SSR__ && typeof window !== 'undefined') {
  // Warm up on the reader's first press of a key, button or finger (not during page load, and not on
  // hover: browsers send synthetic pointer events when the layout moves under a still cursor).
  const events = ['pointerdown', 'keydown', 'touchstart'] as const;
  const warm = () => {
    events.forEach((type) => window.removeEventListener(type, warm, true));
    void loadHighlighter();
  };
  events.forEach((type) => window.addEventListener(type, warm, { capture: true, passive: true }));
}

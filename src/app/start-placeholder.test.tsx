import { act } from 'react';
import { createRoot } from 'react-dom/client';
import html from '../../index.html?raw';

// index.html carries "Starting Regatta…" in #root (main.tsx renders nothing before the app).
const body = /<body[^>]*>([\s\S]*)<\/body>/.exec(html)?.[1] ?? '';

it('shows "Starting Regatta…" from the HTML until the first render replaces it', async () => {
  document.body.innerHTML = body.replace(/<script[\s\S]*?<\/script>/g, '');
  const container = document.getElementById('root');
  expect(container).toHaveTextContent('Starting Regatta…');
  const root = createRoot(container!);
  await act(async () => root.render(<main>The app</main>));
  expect(container).toHaveTextContent(/^The app$/);
  act(() => root.unmount());
});

/**
 * The demo registry lives in this tab's memory (src/testing/demo-worker.ts: an in-memory fake
 * behind a service worker), re-seeded on every load: say so before someone deletes a tag and
 * expects it gone tomorrow, or pushes and expects it kept.
 */
export function DemoNotice() {
  return (
    <p role="note" aria-label="About the demo registry" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
      <strong className="font-semibold">Demo registry:</strong> it runs inside this browser tab. Deletes, re-tags and copies work, but last only until you reload
      the page, which restores the sample content. Nothing is sent anywhere.
    </p>
  );
}

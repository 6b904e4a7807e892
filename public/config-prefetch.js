// Starts reading /config.json while the app's scripts download (a blocking script in index.html's
// <head>, so it runs first); src/config/load-config.ts takes this answer instead of asking again.
// Kept in a file: the CSP's script-src is 'self', no inline scripts.
window.__regattaConfigRequest = fetch('/config.json', { cache: 'no-store' });
// A failure is reported where the answer is read (load-config.ts), not as an unhandled rejection.
window.__regattaConfigRequest.catch(function () {});

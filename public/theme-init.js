// Applied before the first paint (a blocking script in index.html's <head>) so a dark page never
// flashes white. Kept in a file: the CSP's script-src is 'self', no inline scripts.
// The same key and rule as src/app/theme.ts.
(function () {
  var preference = null;
  try {
    preference = window.localStorage.getItem('regatta-theme');
  } catch {
    // Storage blocked: follow the system.
  }
  var dark = preference === 'dark' || (preference !== 'light' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.classList.toggle('dark', dark);
})();

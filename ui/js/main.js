// Entry point (loaded by index.html as a module; no build step).
import { startApp } from './app/app.js';

startApp().then((app) => {
  // Exposed for the UI tests and the benchmark only; holds no secrets.
  window.__deskbell = app;
});

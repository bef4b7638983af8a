// Entry point (loaded by index.html as a module; no build step). The built-ins
// are frozen first: imports run in order, before any other module's code.
import './freeze.js';
import { startApp } from './app/app.js';

startApp().then((app) => {
  // Exposed for the UI tests and the benchmark only; holds no secrets.
  window.__deskbell = app;
});

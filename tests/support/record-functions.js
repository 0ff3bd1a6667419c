/* eslint-disable @typescript-eslint/no-require-imports -- preloaded into a plain node process */
// Preloaded with `node -r` into a fresh process: records every app.http / app.timer registration the
// Functions entry makes (outside the Functions host they would be skipped silently) and prints them.
const Module = require("node:module");
const load = Module._load;
const seen = [];
Module._load = function (request, ...rest) {
  const exported = load.call(this, request, ...rest);
  if (request === "@azure/functions" && !exported.__recorded) {
    const { app } = exported;
    const http = app.http.bind(app);
    const timer = app.timer.bind(app);
    app.http = (name, options) => {
      seen.push({ kind: "http", name, route: options.route, methods: options.methods });
      return http(name, options);
    };
    app.timer = (name, options) => {
      seen.push({ kind: "timer", name, schedule: options.schedule });
      return timer(name, options);
    };
    exported.__recorded = true;
  }
  return exported;
};
process.on("exit", () => process.stdout.write("REGISTRATIONS " + JSON.stringify(seen) + "\n"));

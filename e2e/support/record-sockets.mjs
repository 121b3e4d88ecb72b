// Preloaded into a server under test (NODE_OPTIONS=--import): appends every outgoing connection the
// process opens (TCP or a Unix socket) and every DNS lookup to the file named by RECORD_SOCKETS_TO, one
// JSON line each, so a test can prove the server calls nowhere it was not told to.
import dns from "node:dns";
import fs from "node:fs";
import net from "node:net";

const file = process.env.RECORD_SOCKETS_TO;
if (file) {
  const record = (entry) => fs.appendFileSync(file, `${JSON.stringify(entry)}\n`);
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (...args) {
    const options =
      typeof args[0] === "object" && args[0] !== null ? (Array.isArray(args[0]) ? args[0][0] : args[0]) : null;
    if (options && typeof options === "object")
      record({ kind: "connect", host: options.host ?? null, port: options.port ?? null, path: options.path ?? null });
    else if (typeof args[0] === "number")
      record({ kind: "connect", host: typeof args[1] === "string" ? args[1] : null, port: args[0] });
    else if (typeof args[0] === "string") record({ kind: "connect", path: args[0] });
    return connect.apply(this, args);
  };
  const lookup = dns.lookup;
  dns.lookup = function (hostname, ...rest) {
    record({ kind: "lookup", host: hostname });
    return lookup.call(this, hostname, ...rest);
  };
  for (const name of ["resolve", "resolve4", "resolve6"]) {
    const original = dns.promises[name];
    dns.promises[name] = (hostname, ...rest) => {
      record({ kind: "lookup", host: hostname });
      return original.call(dns.promises, hostname, ...rest);
    };
  }
}

// Watches /hubs/deployments with the official JavaScript client while it creates, then stops, a deployment through
// REST; prints what the hub sent as JSON. Run from tests/js (its node_modules hold the client).
// Usage: node <this file> <baseUrl> <accessToken> <json|msgpack> <deploymentName>
import { createRequire } from "node:module";

const require = createRequire(`${process.cwd()}/`);
const signalR = require("@microsoft/signalr");
const { MessagePackHubProtocol } = require("@microsoft/signalr-protocol-msgpack");

const [baseUrl, token, protocol, name] = process.argv.slice(2);
const api = (path, method, body) => fetch(`${baseUrl}${path}`, {
  method,
  headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  body: body ? JSON.stringify(body) : undefined,
});
const builder = new signalR.HubConnectionBuilder()
  .withUrl(`${baseUrl}/hubs/deployments`, {
    accessTokenFactory: () => token,
    transport: signalR.HttpTransportType.WebSockets,
    skipNegotiation: true,
  })
  .configureLogging(signalR.LogLevel.Warning);
if (protocol === "msgpack") builder.withHubProtocol(new MessagePackHubProtocol());
const connection = builder.build();

const changes = [];
const logs = [];
let wanted = null;
let reached = () => {};
const waitFor = (status) => new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`no '${status}' within 50 s`)), 50_000);
  wanted = status;
  reached = () => {
    clearTimeout(timer);
    resolve();
  };
});
const describe = (m) => ({ ...m, keys: Object.keys(m), atType: m.at instanceof Date ? "date" : typeof m.at });
connection.on("DeploymentChanged", (m) => {
  changes.push(describe(m));
  if (m.status === wanted && m.previousStatus !== m.status) reached();
});
connection.on("DeploymentLog", (m) => { logs.push(describe(m)); });
await connection.start();
const initial = await connection.invoke("Watch");

let error = null;
try {
  const running = waitFor("running");
  const created = await (await api("/api/deployments", "POST", { name, gpuType: "L40S", deploymentType: "serverless" })).json();
  await running;
  const stopped = waitFor("stopped");
  await api(`/api/deployments/${created.id}/stop`, "POST");
  await stopped;
} catch (e) {
  error = String(e);
}

await connection.stop();
console.log(JSON.stringify({ initial, changes, logs: logs.length, logKeys: logs[0]?.keys ?? [], error }));

// `npm run test:services` needs real services: name them or say which is missing, in one line each.
import { createConnection } from 'node:net';

const wanted = [
  ['DATABASE_URL', 5432],
  ['MQTT_URL', 1883],
  ['REDIS_URL', 6379],
];

function reachable(url, defaultPort) {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: u.hostname, port: Number(u.port || defaultPort), timeout: 3000 });
    socket.once('connect', () => (socket.end(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

let ok = true;
for (const [name, port] of wanted) {
  const url = process.env[name];
  if (!url) {
    console.error(`test:services: ${name} is not set (e.g. ${name}=${name === 'DATABASE_URL' ? 'postgres://postgres@127.0.0.1:5432/postgres' : name === 'MQTT_URL' ? 'mqtt://127.0.0.1:1883' : 'redis://127.0.0.1:6379'})`);
    ok = false;
  } else if (!(await reachable(url, port))) {
    console.error(`test:services: ${name} (${url.replace(/\/\/[^@]*@/, '//')}) is not reachable`);
    ok = false;
  }
}
process.exit(ok ? 0 : 1);

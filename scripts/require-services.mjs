// `npm run test:services` needs real services: name them or say which is missing, in one line each.
// PostgreSQL and Mosquitto are required. No suite talks to Redis yet (the console accepts REDIS_URL
// but does not wire the adapter), so it is checked only when REDIS_URL is given.
import { createConnection } from 'node:net';

const wanted = [
  ['DATABASE_URL', 5432, 'postgres://postgres@127.0.0.1:5432/postgres', true],
  ['MQTT_URL', 1883, 'mqtt://127.0.0.1:1883', true],
  ['REDIS_URL', 6379, 'redis://127.0.0.1:6379', false],
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
for (const [name, port, example, required] of wanted) {
  const url = process.env[name];
  if (!url) {
    if (!required) continue;
    console.error(`test:services: ${name} is not set (e.g. ${name}=${example})`);
    ok = false;
  } else if (!(await reachable(url, port))) {
    console.error(`test:services: ${name} (${url.replace(/\/\/[^@]*@/, '//')}) is not reachable`);
    ok = false;
  }
}
process.exit(ok ? 0 : 1);

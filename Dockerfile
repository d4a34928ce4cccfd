# syntax=docker/dockerfile:1
# cityops — one image for the console stack (`cli/dist/main.js start`), the stand-alone ingest
# gateway (`ingest-gateway/dist/main.js`), alerting (`alerting/dist/main.js`) and notifier
# (`notifications/dist/main.js`); docker-compose.yml picks the command.
#
# Two stages: `build` installs everything and compiles (`npm run build`: TypeScript to JavaScript in
# each workspace's dist/; `npm run build:web`: the console's static files); the image is `runtime`,
# plain Node on the compiled code with production dependencies only: no compiler, no tsx, no vite.
# Every command runs Node with `--conditions=cityops-dist`, under which each workspace's package
# exports resolve to its dist/.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Dependencies first, so source edits reuse this layer: the lockfile and every workspace manifest.
COPY package.json package-lock.json ./
COPY contracts/package.json contracts/
COPY db/package.json db/
COPY ingest-gateway/package.json ingest-gateway/
COPY alerting/package.json alerting/
COPY notifications/package.json notifications/
COPY ops-console/server/package.json ops-console/server/
COPY ops-console/web/package.json ops-console/web/
COPY simulators/package.json simulators/
COPY cli/package.json cli/
COPY e2e/package.json e2e/
COPY bench/package.json bench/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm run build:web

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
# The same manifests: npm ci checks the lockfile against every workspace, and at run time each
# workspace's package.json maps its name to its dist/.
COPY package.json package-lock.json ./
COPY contracts/package.json contracts/
COPY db/package.json db/
COPY ingest-gateway/package.json ingest-gateway/
COPY alerting/package.json alerting/
COPY notifications/package.json notifications/
COPY ops-console/server/package.json ops-console/server/
COPY ops-console/web/package.json ops-console/web/
COPY simulators/package.json simulators/
COPY cli/package.json cli/
COPY e2e/package.json e2e/
COPY bench/package.json bench/
# What the cli workspace needs to run, and the workspaces it depends on: not the web app's browser
# libraries (served prebuilt from ops-console/web/dist) nor the e2e and bench tools. Optional
# dependencies are omitted too: tsx is one (an optional peer of vite, a bench dependency), and the
# rest are for other platforms (pg's Cloudflare socket).
RUN npm ci --omit=dev --omit=optional --workspace=@cityops/cli --no-audit --no-fund && npm cache clean --force
# The compiled workspaces, each beside what it reads through import.meta at the same relative path
# as from src/: the migrations, the sample data, the console's web build; the bin for `cityops …`.
COPY --from=build /app/contracts/dist contracts/dist
COPY --from=build /app/db/dist db/dist
COPY --from=build /app/ingest-gateway/dist ingest-gateway/dist
COPY --from=build /app/alerting/dist alerting/dist
COPY --from=build /app/notifications/dist notifications/dist
COPY --from=build /app/ops-console/server/dist ops-console/server/dist
COPY --from=build /app/simulators/dist simulators/dist
COPY --from=build /app/cli/dist cli/dist
COPY --from=build /app/ops-console/web/dist ops-console/web/dist
COPY db/migrations db/migrations
COPY simulators/data simulators/data
COPY ops-console/server/data ops-console/server/data
COPY cli/bin cli/bin
# `cityops device add …` in the container: the bin runs the build (tsx is not installed).
RUN ln -s /app/cli/bin/cityops.mjs /usr/local/bin/cityops

# The console's embedded data directory (unused when DATABASE_URL and MQTT_URL are set).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
ENV CITYOPS_DATA_DIR=/app/data
EXPOSE 8080
# One process, no npx or shell relaying: SIGTERM reaches the code that flushes (compose adds an init).
CMD ["node", "--conditions=cityops-dist", "cli/dist/main.js", "start"]

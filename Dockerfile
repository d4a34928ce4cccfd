# syntax=docker/dockerfile:1
# cityops — one image for the console stack (`cli/src/main.ts start`) and the stand-alone ingest
# gateway (`ingest-gateway/src/main.ts`); docker-compose.yml picks the command. TypeScript runs
# through tsx, as in development (Node 20 has no type stripping).
FROM node:20-bookworm-slim

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
# Dev dependencies stay: tsx runs the services, and the web build needs vite.
RUN npm ci --no-audit --no-fund && npm cache clean --force

COPY . .
RUN npm run build:web

# The console's embedded data directory (unused when DATABASE_URL and MQTT_URL are set).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
ENV CITYOPS_DATA_DIR=/app/data
EXPOSE 8080
CMD ["node", "--import", "tsx", "cli/src/main.ts", "start"]

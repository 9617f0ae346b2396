# syntax=docker/dockerfile:1
# Production image of the gateway (and of the simulator, which the same image runs with another command).
#   docker build -t tag-gateway .
#   docker run -p 4000:4000 -e ALIBABA_CLOUD_ACCESS_KEY_ID=… -e ALIBABA_CLOUD_ACCESS_KEY_SECRET=… tag-gateway

# --- build: every dependency, tsc to dist/ ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# --- runtime: runtime dependencies only, non-root ---
FROM node:20-bookworm-slim AS runtime
# The heap is set, not left to Node's guess (a quarter of the container's memory): 320 MiB of old space fits a
# 512 MiB container with room for code, buffers and sockets; the cache budgets and the admission of heavy
# operations follow it (docs/performance.md, "Sizing a pod"). For another memory limit: about 60 % of it.
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-old-space-size=320 \
    PORT=4000 \
    HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error && npm cache clean --force
COPY --from=build /app/dist ./dist
# GraphiQL's default operation and the persisted-operations allow-list are read at start-up.
COPY examples/operations ./examples/operations
COPY examples/generated/persisted-documents.json ./examples/generated/persisted-documents.json
# The image's own unprivileged user; nothing under /app is writable by it (read-only root file system friendly).
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/ready').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]

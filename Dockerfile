# Kenlabour: one image with the server and the built client, in two stages.
# docker compose up --build   (see docker-compose.yml: Postgres 17 and Redis 7 beside it)

# 1. Build: every dependency (Vite, the React plugin), then the client into dist/client.
FROM node:24-slim AS build
WORKDIR /app
# Dependencies first, so a change to the sources does not reinstall them. `postinstall` patches the
# Postgres driver (patch-package, patches/), so the patches come with the lock file.
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx vite build

# 2. Run: production dependencies only, the server's sources and the built client. The Node is the
# image's own (Node 24): the `node` package that pins it for development is a dev dependency.
FROM node:24-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
# The server never needs root: everything below belongs to the image's `node` user.
WORKDIR /app
RUN chown node:node /app
USER node
# The app's spill volume (docker-compose.yml) takes this folder's owner: the node user.
RUN mkdir -p /app/unstored
COPY --chown=node:node package.json package-lock.json ./
COPY --chown=node:node patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --chown=node:node server ./server
COPY --chown=node:node shared ./shared
# The operator's account command (`docker compose exec app npm run account -- reset-password EMAIL`).
COPY --chown=node:node scripts/account.ts scripts/
# …and council archives (`docker compose exec app npm run council -- export --out /tmp/conseil.zip`).
COPY --chown=node:node scripts/council.ts scripts/
COPY --from=build --chown=node:node /app/dist/client ./dist/client
EXPOSE 3000

# The client was built in the first stage: the server starts directly (`npm start` would find the build
# fresh and start it the same way, without Vite).
CMD ["node", "server/main.ts"]

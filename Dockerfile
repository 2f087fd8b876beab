# Kenlabour: one image with the server and the built client.
# docker compose up --build   (see docker-compose.yml: Postgres 17 and Redis 7 beside it)
FROM node:24-slim

# The server never needs root: everything below belongs to the image's `node` user.
WORKDIR /app
RUN chown node:node /app
USER node
# The app's spill volume (docker-compose.yml) takes this folder's owner: the node user.
RUN mkdir -p /app/unstored

# Dependencies first, so a change to the sources does not reinstall them. `npm ci` installs exactly the
# lock file, dev dependencies included: Vite builds the client below. The `node` package it pins is the
# same Node 24 line as this image.
COPY --chown=node:node package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY --chown=node:node . .
# Built at image time so the container serves at once: `npm start` finds the build fresh and skips it.
RUN npx vite build

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
EXPOSE 3000

CMD ["npm", "start"]

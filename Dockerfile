FROM node:24-slim
WORKDIR /app
# The embedded database's lock is an OS file lock taken by flock(1) (util-linux).
RUN command -v flock || (apt-get update && apt-get install -y --no-install-recommends util-linux && rm -rf /var/lib/apt/lists/*)
COPY package.json package-lock.json ./
RUN npm ci && npm cache clean --force
COPY . .
# The service runs compiled JavaScript (tsx's loader costs ~37 MB of RSS); the CLI tools keep tsx.
RUN npm run build && npm prune --omit=dev
# Only the embedded database (no DATABASE_URL) writes here.
RUN mkdir -p data && chown node:node data
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
EXPOSE 3000
USER node
CMD ["node", "--heap-growing-percent=50", "--max-semi-space-size=8", "dist/src/cli/serve.js"]

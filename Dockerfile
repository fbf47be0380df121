FROM node:20-slim
WORKDIR /app
# tsx runs the TypeScript sources directly, so the image needs no build step.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY . .
# Only the embedded database (no DATABASE_URL) writes here.
RUN mkdir -p data && chown node:node data
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
EXPOSE 3000
USER node
CMD ["npm", "start"]

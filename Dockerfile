# One image per app: docker build --build-arg APP=video --build-arg HTTP_PORT=3102 .
# (docker-compose.yml builds all six.) Multi-stage: dev dependencies and sources never reach
# the runtime image, which runs as the unprivileged `node` user.
ARG NODE_VERSION=20.19

FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
# patches/ is applied by the postinstall script (patch-package), in both install stages.
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY tsconfig.base.json ./
COPY apps ./apps
COPY libs ./libs
COPY tools ./tools
RUN node tools/build/build.mjs

FROM node:${NODE_VERSION}-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ARG APP
ARG HTTP_PORT
ENV NODE_ENV=production \
    NEWSREEL_ENV=production \
    NEWSREEL_BIND_HOST=0.0.0.0 \
    APP=${APP} \
    HTTP_PORT=${HTTP_PORT}
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY config ./config
COPY assets ./assets
USER node
EXPOSE ${HTTP_PORT}
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.HTTP_PORT+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# exec form through sh so SIGTERM reaches node directly (graceful shutdown).
CMD ["sh", "-c", "exec node --enable-source-maps dist/apps/${APP}/src/main.js"]

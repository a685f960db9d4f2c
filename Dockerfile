FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY bin ./bin
COPY config ./config
COPY jobs ./jobs
COPY src ./src
USER node
ENTRYPOINT []
CMD ["node", "--max-old-space-size=512", "bin/comprobantes.js", "start"]

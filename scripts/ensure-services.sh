#!/usr/bin/env bash
# Makes sure the services the tests (or the demo) need are installed and answering on
# loopback: Redis on 127.0.0.1:6379 and PostgreSQL on 127.0.0.1:5432 with trust auth.
# Installs missing ones with apt-get and starts stopped ones. Usage:
#   scripts/ensure-services.sh redis postgres   # what `npm test` needs
#   scripts/ensure-services.sh redis-binary     # what `npm run demo` needs: redis-server on PATH
set -euo pipefail

log() { printf 'ensure-services: %s\n' "$*" >&2; }

apt_updated=0
apt_install() {
  if ! command -v apt-get >/dev/null; then
    log "cannot install $*: apt-get not found; install it by hand"
    exit 1
  fi
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  if [ "$apt_updated" = 0 ]; then
    $sudo apt-get update -qq
    apt_updated=1
  fi
  log "installing $*"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  for _ in $(seq 1 60); do
    tcp_open "$1" && return 0
    sleep 0.5
  done
  log "nothing answers on 127.0.0.1:$1 after 30 s"
  return 1
}

ensure_redis_binary() {
  command -v redis-server >/dev/null || apt_install redis-server
}

ensure_redis() {
  if tcp_open 6379; then return 0; fi
  ensure_redis_binary
  log "starting redis-server on 127.0.0.1:6379"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --maxmemory-policy noeviction --dir /tmp --logfile /tmp/comprobantes-ci-redis.log
  wait_port 6379
}

ensure_postgres() {
  if tcp_open 5432; then return 0; fi
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    apt_install postgresql
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  # Tests connect as the postgres user over TCP without a password.
  if ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
  log "starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster "$version" main start
  wait_port 5432
}

for service in "$@"; do
  case "$service" in
    redis) ensure_redis ;;
    redis-binary) ensure_redis_binary ;;
    postgres) ensure_postgres ;;
    *) log "unknown service: $service"; exit 2 ;;
  esac
done

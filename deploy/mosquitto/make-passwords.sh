#!/bin/sh
# Mosquitto password file for the cityops stack (deploy/mosquitto/passwd, mounted by docker-compose).
#
#   CITYOPS_MQTT_SERVICE_PASSWORD=… deploy/mosquitto/make-passwords.sh init
#       (re)creates the file with the service accounts the acl file names (cityops-service and every
#       gateway connection's user, see acl), all with that password.
#   npx cityops device add --kind fire --id FA-0001 … | deploy/mosquitto/make-passwords.sh add
#       appends devices: reads lines that are either the JSON printed by `cityops device add`
#       ({"id","kind","username","password"}) or `username password`.
#   deploy/mosquitto/make-passwords.sh revoke FA-0001 [CAM-0002 …]
#       removes devices (after `cityops device revoke`); on the reload below Mosquitto disconnects
#       them at once (measured: under 100 ms), and the gateway already refuses what they send.
#   then: docker compose kill -s SIGHUP mosquitto   (Mosquitto re-reads passwd and acl)
#
# Secrets never appear on a command line: they go through a 0600 temp file that mosquitto_passwd -U
# hashes in place (PBKDF2-SHA512). Uses the local mosquitto_passwd, else the eclipse-mosquitto image.
set -eu

dir=$(cd "$(dirname "$0")" && pwd)
out=${CITYOPS_MQTT_PASSWD_FILE:-$dir/passwd}
mode=${1:-}
image=${CITYOPS_MOSQUITTO_IMAGE:-eclipse-mosquitto:2}

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ "$mode" = init ] || [ "$mode" = add ] || [ "$mode" = revoke ] || usage

if [ "$mode" = revoke ]; then
  shift
  [ "$#" -gt 0 ] || usage
  [ -f "$out" ] || { echo "no password file at $out" >&2; exit 3; }
  tmp=$(mktemp "$(dirname "$out")/.passwd.XXXXXX")
  printf '%s\n' "$@" | awk -F: 'NR==FNR { drop[$1] = 1; next } !($1 in drop)' - "$out" > "$tmp"
  chmod 0640 "$tmp"
  chown "$(stat -c %u:%g "$out")" "$tmp" 2>/dev/null || true
  mv "$tmp" "$out"
  echo "removed $# account(s) from $out; reload Mosquitto (SIGHUP) to disconnect them" >&2
  exit 0
fi

tmpdir=$(mktemp -d "$(dirname "$out")/.passwd.XXXXXX")
trap 'rm -rf "$tmpdir"' EXIT INT TERM
umask 077
plain=$tmpdir/plain

# Plain "username:password" lines, one per account.
if [ "$mode" = init ]; then
  : "${CITYOPS_MQTT_SERVICE_PASSWORD:?set CITYOPS_MQTT_SERVICE_PASSWORD (the gateway and console sign in with it)}"
  # Every service user the acl file grants (lines `user cityops-…`), one password for all.
  sed -n 's/^user \(cityops-[A-Za-z0-9_-]*\)$/\1/p' "$dir/acl" | while read -r user; do
    printf '%s:%s\n' "$user" "$CITYOPS_MQTT_SERVICE_PASSWORD"
  done > "$plain"
  [ -t 0 ] || cat > "$tmpdir/in"
else
  cat > "$tmpdir/in"
  : > "$plain"
fi
if [ -s "$tmpdir/in" ]; then
  node -e '
    const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").map((l) => l.trim()).filter(Boolean);
    for (const line of lines) {
      let user, pass;
      if (line.startsWith("{")) ({ username: user, password: pass } = JSON.parse(line));
      else [user, pass] = line.split(/\s+/);
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(user ?? "") || !pass) { console.error(`skipped a line: not a device credential (${(user ?? "").slice(0, 20)})`); process.exitCode = 3; continue; }
      process.stdout.write(`${user}:${pass}\n`);
    }' "$tmpdir/in" >> "$plain"
fi
[ -s "$plain" ] || { echo "no accounts to write" >&2; exit 3; }

if command -v mosquitto_passwd >/dev/null 2>&1; then
  mosquitto_passwd -U "$plain"
else
  docker run --rm -v "$tmpdir:/work" "$image" mosquitto_passwd -U /work/plain
fi

if [ "$mode" = init ]; then
  mv "$plain" "$out"
else
  # A re-provisioned device replaces its old line.
  if [ -f "$out" ]; then
    cut -d: -f1 "$plain" > "$tmpdir/users"
    awk -F: 'NR==FNR { drop[$1] = 1; next } !($1 in drop)' "$tmpdir/users" "$out" > "$tmpdir/kept"
    cat "$tmpdir/kept" "$plain" > "$tmpdir/new"
  else
    cp "$plain" "$tmpdir/new"
  fi
  mv "$tmpdir/new" "$out"
fi
# Mosquitto runs as uid/gid 1883 in the eclipse-mosquitto image and must read the file; nobody else may.
owner=${CITYOPS_MQTT_PASSWD_OWNER:-1883:1883}
chmod 0640 "$out"
if ! chown "$owner" "$out" 2>/dev/null; then
  echo "note: could not chown $out to $owner; run: sudo chown $owner '$out'" >&2
fi
echo "wrote $(wc -l < "$out" | tr -d ' ') account(s) to $out; reload Mosquitto (SIGHUP) to apply" >&2

#!/usr/bin/env bash
# The connected story (README, "Try it"): a studio serves its node over HTTPS on loopback; a
# talent agency and an on-set laptop join it with invite tokens and sync. The laptop edits
# offline before it ever connects, and again between syncs. At the end the studio and the
# laptop (granted the same scopes) hold identical replicas; the agency, granted only public
# data, holds the public rows and none of the project's.
#
# Usage: https-story.sh PATH/TO/nollycrew
set -euo pipefail
nollycrew=${1:?usage: https-story.sh PATH/TO/nollycrew}
work=$(mktemp -d "${TMPDIR:-/tmp}/nollycrew-https.XXXXXX")
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
unset NOLLYCREW_PASSPHRASE NOLLYCREW_HOME

studio() { "$nollycrew" "$@" --data-dir "$work/studio"; }
agency() { "$nollycrew" "$@" --data-dir "$work/agency"; }
laptop() { "$nollycrew" "$@" --data-dir "$work/laptop"; }
field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
say() { printf '\n== %s\n' "$*"; }

say "The studio creates its node, a project and a casting call"
studio init --name studio >/dev/null
studio user add --name kunle --display-name "Kunle Afolayan (producer)" --role producer >/dev/null
project=$(studio project create --as kunle --title "Ije Oru" --kind movie budget="45000000 NGN" --json | field project)
job=$(studio job post --as kunle --project "$project" --title "Lead: Amaka" role_name=Amaka rate="250000 NGN" --json | field job)
echo "project $project"

say "The studio serves over HTTPS (its own certificate, pinned by peers)"
LOG_LEVEL=warning "$nollycrew" serve --data-dir "$work/studio" --address 127.0.0.1:0 --name studio &
server_pid=$!
for _ in $(seq 100); do [ -s "$work/studio/server.url" ] && break; sleep 0.1; done
echo "serving at $(cat "$work/studio/server.url")"

say "On set, with no network, the laptop works offline first"
laptop init --name laptop >/dev/null
laptop user add --name ada --display-name "Ada Okoro" --role actor >/dev/null
laptop profile set --as ada headline="Actor and voice artist" city=Calabar day_rate="150000 NGN" --add skills=singing

say "The agency joins with public scope; the laptop with public and the project"
agency init --name agency >/dev/null
agency user add --name zainab --display-name "Zainab Bello (talent manager)" --role manager >/dev/null
agency profile set --as zainab city=Lagos
agency peer add "$(studio peer invite --scopes public)" --name studio
laptop peer add "$(studio peer invite --scopes "public,project:$project")" --name studio
studio peer list

say "Everyone syncs"
agency sync
laptop sync

say "Offline again on set: Ada applies for the role; then the laptop reconnects"
laptop apply --as ada --job "$job" --note "I grew up in Calabar and speak Efik." >/dev/null
laptop sync
agency sync
laptop sync

say "Result"
studio_digest=$(studio export --digest)
laptop_digest=$(laptop export --digest)
echo "studio  $studio_digest"
echo "laptop  $laptop_digest"
if [ "$studio_digest" != "$laptop_digest" ]; then echo "studio and laptop differ" >&2; exit 1; fi
if agency export --json | grep -q '"entity":"project"'; then echo "the agency received project data" >&2; exit 1; fi
agency export --json | grep -q '"entity":"job"' || { echo "the agency lacks the public casting call" >&2; exit 1; }
echo "Studio and laptop are identical; the agency holds the public rows and no project data."

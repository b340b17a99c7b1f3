#!/usr/bin/env bash
# The offline story (Sync/SYNC.md, "Scenarios"): a studio, a talent agency and an on-set
# laptop sync only through bundle files, edit concurrently while apart, exchange bundles in
# different orders (with duplicates), and must end with the same state digest.
#
# Usage: offline-story.sh PATH/TO/nollycrew
set -euo pipefail
nollycrew=${1:?usage: offline-story.sh PATH/TO/nollycrew}
work=$(mktemp -d "${TMPDIR:-/tmp}/nollycrew-story.XXXXXX")
trap 'rm -rf "$work"' EXIT
unset NOLLYCREW_PASSPHRASE NOLLYCREW_HOME

studio() { "$nollycrew" "$@" --data-dir "$work/studio"; }
agency() { "$nollycrew" "$@" --data-dir "$work/agency"; }
laptop() { "$nollycrew" "$@" --data-dir "$work/laptop"; }
field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
say() { printf '\n== %s\n' "$*"; }
# ship FROM TO NAME [full]: FROM writes what TO lacks (or everything), TO imports it.
ship() {
    local from=$1 to=$2 name=$3 mode=${4:-delta}
    if [ "$mode" = full ]; then
        $from bundle export --all --out "$work/$name.bundle"
    else
        $to status --json > "$work/$name.seen.json"
        $from bundle export --all --out "$work/$name.bundle" --seen "$work/$name.seen.json"
    fi
    $to bundle import "$work/$name.bundle"
}

say "Three nodes start"
studio init >/dev/null
agency init >/dev/null
laptop init >/dev/null
kunle=$(studio user add --name kunle --display-name "Kunle Afolayan (producer)" --role producer --json | field key)
zainab=$(agency user add --name zainab --display-name "Zainab Bello (talent manager)" --role manager --json | field key)
tunde=$(agency user add --name tunde --display-name "Tunde Bakare" --role actor --json | field key)
ada=$(laptop user add --name ada --display-name "Ada Okoro" --role actor --role voice_artist --json | field key)
chidi=$(laptop user add --name chidi --display-name "Chidi Eze (1st AD)" --role crew --json | field key)
echo "studio: kunle $kunle"
echo "agency: zainab $zainab, tunde $tunde"
echo "laptop: ada $ada, chidi $chidi"

say "The agency adds talent to its roster"
agency profile set --as tunde headline="Lead actor, stage and screen" city=Enugu day_rate="180000 NGN" \
    playing_age_min=25 playing_age_max=35 --add skills=stunts --add languages=Igbo --add languages=English
laptop profile set --as ada headline="Actor and voice artist" city=Calabar day_rate="150000 NGN" \
    --add skills=singing --add skills=dancing --add languages=Efik --add accents=Lagos
laptop represent --as ada --agent "$zainab"
laptop profile set --as chidi headline="First assistant director" city=Lagos --add departments=directing

say "The studio posts a casting call"
project=$(studio project create --as kunle --title "Ije Oru" --kind movie budget="45000000 NGN" \
    start_date=2027-02-01 end_date=2027-03-15 --json | field project)
job=$(studio job post --as kunle --project "$project" --title "Lead: Amaka" role_name=Amaka \
    rate="250000 NGN" city=Lagos shoot_start=2027-02-01 --json | field job)
echo "project $project"
echo "job $job"

say "First exchange: everyone meets once"
ship studio agency s2a
ship studio laptop s2l
ship laptop agency l2a
ship agency laptop a2l

say "Apart: the laptop goes on set with no network; everyone keeps working"
laptop apply --as ada --job "$job" --note "I grew up in Calabar and speak Efik."
laptop profile set --as ada city=Calabar bio="Trained at the University of Calabar." --remove skills=singing
agency profile set --as zainab --user "$ada" city=Lagos day_rate="175000 NGN" --add skills=singing --add skills=swimming
agency apply --as tunde --job "$job" --note "Represented by Zainab Bello."
studio job set --as kunle --job "$job" description="Amaka, 28, returns to Enugu after ten years."
laptop profile set --as chidi --add departments=production

say "Bundles travel in different orders, some twice"
ship agency studio a2s
ship laptop studio l2s full
ship laptop studio l2s-again full
tunde_app="${tunde}${job}"
studio application status --as kunle --id "$tunde_app" --status shortlisted
ship studio laptop s2l-2
ship agency laptop a2l-2 full
ship laptop agency l2a-2
ship studio agency s2a-2 full
ada_app="${ada}${job}"
agency application status --as tunde --id "$tunde_app" --status withdrawn
studio application status --as kunle --id "$ada_app" --status offered
ship agency laptop a2l-3
ship studio laptop s2l-3
ship laptop studio l2s-3
ship laptop agency l2a-3 full

say "Ada's profile after the concurrent edits (city: last writer wins; skills: add wins)"
studio profile show "$ada"

say "State digests"
d_studio=$(studio export --digest)
d_agency=$(agency export --digest)
d_laptop=$(laptop export --digest)
echo "studio $d_studio"
echo "agency $d_agency"
echo "laptop $d_laptop"
if [ "$d_studio" = "$d_agency" ] && [ "$d_agency" = "$d_laptop" ]; then
    echo "All three replicas converged."
else
    echo "Replicas diverged!" >&2
    exit 1
fi

#!/bin/sh
# Back up Careerguide: the PostgreSQL database (pg_dump custom format) and the uploaded media.
#
#   DATABASE_URL=postgres://… MEDIA_ROOT=/srv/careerguide/media deploy/backup.sh /var/backups/careerguide
#
# Writes <folder>/careerguide-<UTC time>.dump and careerguide-<UTC time>-media.tar.gz, and prints
# their names. pg_dump takes a consistent snapshot while the site keeps running. Keep copies
# off this machine; restore with deploy/restore.sh.
set -eu

folder=${1:?usage: deploy/backup.sh FOLDER (with DATABASE_URL and MEDIA_ROOT set)}
: "${DATABASE_URL:?set DATABASE_URL to the site database, postgres://…}"
: "${MEDIA_ROOT:?set MEDIA_ROOT to the uploads folder}"

stamp=$(date -u +%Y%m%dT%H%M%SZ)
dump="$folder/careerguide-$stamp.dump"
media="$folder/careerguide-$stamp-media.tar.gz"
umask 077  # the dump holds editors' password hashes
mkdir -p "$folder"

pg_dump --format=custom --no-owner --no-privileges --file="$dump.partial" "$DATABASE_URL"
mv "$dump.partial" "$dump"

# The folder's contents, relative to it, so a restore can unpack them anywhere.
mkdir -p "$MEDIA_ROOT"
tar -czf "$media.partial" -C "$MEDIA_ROOT" .
mv "$media.partial" "$media"

echo "$dump"
echo "$media"

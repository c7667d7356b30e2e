#!/bin/sh
# Restore Careerguide from deploy/backup.sh's two files: the database and the uploaded media.
#
#   DATABASE_URL=postgres://… MEDIA_ROOT=/srv/careerguide/media \
#     deploy/restore.sh careerguide-<time>.dump careerguide-<time>-media.tar.gz
#
# Stop gunicorn first. The database's tables are replaced in one transaction (a failure leaves
# them as they were); the current media folder is kept beside the restored one as
# <MEDIA_ROOT>.before-restore-<UTC time> until you delete it. Then run
# `manage.py migrate` (a no-op for a backup of this version) and start gunicorn again.
set -eu

dump=${1:?usage: deploy/restore.sh DUMP MEDIA_TARBALL (with DATABASE_URL and MEDIA_ROOT set)}
media=${2:?usage: deploy/restore.sh DUMP MEDIA_TARBALL (with DATABASE_URL and MEDIA_ROOT set)}
: "${DATABASE_URL:?set DATABASE_URL to the site database, postgres://…}"
: "${MEDIA_ROOT:?set MEDIA_ROOT to the uploads folder}"
[ -f "$dump" ] || { echo "No such dump: $dump" >&2; exit 1; }
[ -f "$media" ] || { echo "No such media archive: $media" >&2; exit 1; }

pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
  --dbname="$DATABASE_URL" "$dump"

stamp=$(date -u +%Y%m%dT%H%M%SZ)
restored="$MEDIA_ROOT.restoring-$stamp"
mkdir -p "$restored"
tar -xzf "$media" -C "$restored"
if [ -e "$MEDIA_ROOT" ]; then
  mv "$MEDIA_ROOT" "$MEDIA_ROOT.before-restore-$stamp"
  echo "The media folder as it was: $MEDIA_ROOT.before-restore-$stamp"
fi
mv "$restored" "$MEDIA_ROOT"
echo "Restored the database from $dump and $MEDIA_ROOT from $media."

#!/usr/bin/env bash
# Nightly dump of the warehouse to S3. Runs on the cron host as the backup user.
set -euo pipefail

export AWS_ACCESS_KEY_ID="AKIAFAKETRAINING0002"
export AWS_SECRET_ACCESS_KEY="fakeTrainingSecretKey/NotReal/0000000002"
export AWS_DEFAULT_REGION="eu-central-1"

day="$(date +%F)"
pg_dump --host=10.20.0.15 --username=backup warehouse \
  | gzip \
  | aws s3 cp - "s3://acme-warehouse-backups/${day}.sql.gz"
echo "backed up the warehouse for ${day}"

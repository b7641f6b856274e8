#!/bin/sh
# Run by the postgres image from /docker-entrypoint-initdb.d, once, on an empty data volume.
# Creates Onramp's own database with a login role that owns only that database (Temporal's
# `temporal` and `temporal_visibility` databases are created by its schema job).
# A shell script, not .sql, so the password comes from the environment, never from this file.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v onramp_password="$ONRAMP_DB_PASSWORD" <<'SQL'
CREATE ROLE onramp LOGIN PASSWORD :'onramp_password';
CREATE DATABASE onramp OWNER onramp;
SQL

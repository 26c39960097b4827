-- Benji CRM on a PostgreSQL server: the database, its owner role and the app role the desktops use.
-- This is what `benji-admin server create --kind postgresql ...` does; use either. Run it as the
-- server's administrator, on the server or from any machine that may connect as postgres:
--
--   psql -h 127.0.0.1 -U postgres -d postgres -f setup-postgresql.sql
--   psql ... -v db=benji -v owner=benji_owner -v app=benji_app -f setup-postgresql.sql   (other names)
--
-- psql asks for the two new passwords (twice each, not shown). Then, as the owner, create the schema and
-- grant the app role (the program's own migrations and grant list; run again after every upgrade):
--
--   benji-admin server install --kind postgresql --host SERVER --database benji --owner benji_owner --app benji_app
--
-- Network access for the office LAN only: see pg_hba-lan.conf.example and postgresql-lan.conf.example.

\set ON_ERROR_STOP on
\if :{?db}
\else
  \set db benji
\endif
\if :{?owner}
\else
  \set owner benji_owner
\endif
\if :{?app}
\else
  \set app benji_app
\endif

-- the owner creates and changes tables (migrations); the app role reads and writes rows, nothing else
CREATE ROLE :"owner" LOGIN;
CREATE ROLE :"app" LOGIN;
\echo 'New password for the owner role' :owner
\password :"owner"
\echo 'New password for the app role' :app
\password :"app"

CREATE DATABASE :"db" OWNER :"owner" ENCODING 'UTF8' TEMPLATE template0;

\connect :"db"
-- only these two roles may connect; only the owner may create anything
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"owner", :"app";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO :"owner";
\echo 'Done. Next, as the owner: benji-admin server install --kind postgresql --host SERVER --database' :db

#!/usr/bin/env bash
# Benji CRM on a MariaDB server: the database, its owner user and the app user the desktops use.
# This is what `benji-admin server create --kind mysql ...` does; use either. Run it on the server:
#
#   bash setup-mariadb.sh [--database benji] [--owner benji_owner] [--app benji_app] \
#                         [--clients '192.168.1.%'] [-- mysql client options, e.g. -u root -p]
#
# It asks for the two new passwords (not shown) and sends the statements to the mysql client on stdin,
# so no password appears on a command line. --clients limits where the two users may connect from (the
# office network, e.g. 192.168.1.%; default any host). Then, as the owner:
#
#   benji-admin server install --kind mysql --host SERVER --database benji --owner benji_owner --app benji_app
#
# which creates the schema and grants the app user its rights table by table (run again after every
# upgrade). Network access and character set: see mariadb-lan.cnf.example.
set -euo pipefail
db=benji owner=benji_owner app=benji_app clients=%
while [ $# -gt 0 ]; do
  case "$1" in
    --database) db=$2; shift 2 ;;
    --owner) owner=$2; shift 2 ;;
    --app) app=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
for name in "$db" "$owner" "$app"; do
  [[ $name =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || { echo "bad name: $name (lower-case letters, digits, _)" >&2; exit 2; }
done
[[ $clients =~ ^[A-Za-z0-9.%_:-]{1,60}$ ]] || { echo "bad --clients: $clients" >&2; exit 2; }
[ "$owner" != "$app" ] || { echo "the owner and the app user must differ" >&2; exit 2; }

ask() {  # ask NAME: a password typed twice, read without echo (or two lines on stdin when not a terminal)
  local first second
  read -rsp "New password for $1: " first; echo >&2
  read -rsp "Again: " second; echo >&2
  [ -n "$first" ] && [ "$first" = "$second" ] || { echo "passwords empty or different" >&2; exit 2; }
  printf '%s' "$first" | sed -e "s/\\\\/\\\\\\\\/g" -e "s/'/''/g"   # a quoted SQL literal's inside
}
owner_pw=$(ask "$owner")
app_pw=$(ask "$app")

mysql "$@" <<SQL
CREATE USER IF NOT EXISTS '$owner'@'$clients' IDENTIFIED BY '$owner_pw';
CREATE USER IF NOT EXISTS '$app'@'$clients' IDENTIFIED BY '$app_pw';
CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
GRANT ALL PRIVILEGES ON \`$db\`.* TO '$owner'@'$clients' WITH GRANT OPTION;
SQL
echo "Done. Next, as the owner: benji-admin server install --kind mysql --host SERVER --database $db --owner $owner --app $app"

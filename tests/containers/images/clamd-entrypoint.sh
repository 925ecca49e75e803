#!/bin/sh
set -e
conf=/tmp/clamd.conf
{
  echo "DatabaseDirectory /var/lib/clamav"
  echo "TCPSocket 3310"
  echo "Foreground yes"
  echo "LogTime yes"
  env | sed -n 's/^CLAMD_CONF_\([A-Za-z]*\)=\(.*\)$/\1 \2/p'
} >"$conf"
exec clamd -c "$conf"

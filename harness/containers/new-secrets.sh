#!/usr/bin/env bash
# Fresh secrets for the containers' live world, as docker compose's .env (git-ignored):
#   (umask 077; harness/containers/new-secrets.sh > .env)
# Nothing here is committed: every world gets its own, as `gauntlet up` makes its own.
set -euo pipefail
hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
echo "GAUNTLET_STRIPE_API_KEY=sk_test_$(hex 32)"
echo "GAUNTLET_STRIPE_WEBHOOK_SECRET=whsec_$(hex 32)"
echo "GAUNTLET_ADYEN_API_KEY=gauntlet_$(hex 32)"
echo "GAUNTLET_ADYEN_HMAC_KEY=$(hex 32 | tr 'a-f' 'A-F')"
echo "GAUNTLET_CONTROL_TOKEN=$(hex 32)"

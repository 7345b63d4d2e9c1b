#!/usr/bin/env bash
# Apply the manifests of one service to the current cluster.
set -euo pipefail
service="${1:?usage: deploy.sh SERVICE}"
# TODO: add a --dry-run flag.
kubectl apply -f "k8s/${service}/"
kubectl rollout status "deployment/${service}" --timeout=120s

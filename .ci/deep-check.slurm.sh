#!/bin/bash
# The battery's exhaustive profile on a Slurm cluster (README, "Sharding"): an array job of
# SHARDS tasks, each `saddlecheck check --shard K/SHARDS`, and a merge job that starts when every
# task has succeeded (--dependency=afterok) and runs `saddlecheck merge` and `saddlecheck report`.
# Run from the package root after `swift build -c release`:
#   SHARDS=64 bash .ci/deep-check.slurm.sh
set -euo pipefail
SHARDS=${SHARDS:-64}
PROFILE=${PROFILE:-exhaustive}
SEED=${SEED:-0x5add1ec0ffee2023}
BIN=${BIN:-$PWD/.build/release/saddlecheck}
OUT=${OUT:-$PWD/deep-check}
mkdir -p "$OUT/shards" "$OUT/logs"
# Task K writes shard-K.json ($SLURM_ARRAY_TASK_ID is expanded by the task, not here).
shard="'$BIN' check --profile $PROFILE --seed $SEED --shard \$SLURM_ARRAY_TASK_ID/$SHARDS"
shard+=" > '$OUT/shards/shard-'\$SLURM_ARRAY_TASK_ID.json"
array=$(sbatch --parsable --job-name=saddlecheck-shard --array="1-$SHARDS" --cpus-per-task=2 \
  --time=02:00:00 --output="$OUT/logs/shard-%a.log" --wrap="$shard")
# The merge job: its exit status is the merge's (0 as predicted, 1 not, 64 refused: nothing written).
merge="status=0; '$BIN' merge '$OUT'/shards/*.json --out '$OUT/results.json' || status=\$?"
merge+="; test -f '$OUT/results.json'"
merge+=" && '$BIN' report --results '$OUT/results.json' --out '$OUT/report'; exit \$status"
job=$(sbatch --parsable --job-name=saddlecheck-merge --dependency="afterok:$array" \
  --output="$OUT/logs/merge.log" --wrap="$merge")
echo "submitted array job $array ($SHARDS shards of profile $PROFILE, seed $SEED) and merge job $job; results in $OUT"

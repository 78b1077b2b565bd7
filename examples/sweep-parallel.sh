#!/bin/bash
# The sweep of docs/sweeps.md cut into 8 shards that GNU parallel runs 4 at a time, then merged into sweep/. Add
# -S host1,host2 and run it in a folder all hosts share to spread the shards over machines.
# GRID replaces the grid's flags, SHARDS the number of shards, JOBS how many run at once and DESCENT the command.
set -e
flags=${GRID:-"--optimizers gd,sgd --batch-sizes 16,32,64 --momenta 0,0.9 --alphas 0.1,0.03,0.01,0.003,0.001 --epochs 500"}
shards=${SHARDS:-8}
descent=${DESCENT:-descent}
parallel --halt now,fail=1 -j "${JOBS:-4}" "$descent sweep $flags --jobs 1 --shard {}/$shards --out parts" \
  ::: $(seq 1 "$shards")
$descent merge parts --out sweep

#!/bin/bash
#SBATCH --cpus-per-task=4
# The README's sweep as a Slurm array job: task i of n runs shard i/n and writes parts/sweep-part-i-of-n.json.
#   sbatch --array=1-8 examples/sweep-slurm.sh       then, once all have finished:   descent merge parts --out sweep
# Arguments after the script's name go to descent sweep. GRID replaces the grid's flags, SHARDS the number of shards
# (give it when running some tasks again on their own, e.g. SHARDS=8 sbatch --array=3 ...) and DESCENT the command.
grid=${GRID:-"--optimizers gd,sgd --batch-sizes 16,32,64 --momenta 0,0.9 --alphas 0.1,0.03,0.01,0.003,0.001 --epochs 500"}
# exec, so that descent itself receives the signal Slurm sends at the time limit or on scancel --signal.
# shellcheck disable=SC2086  # $DESCENT and $grid are lists of words
exec ${DESCENT:-descent} sweep $grid --jobs "$SLURM_CPUS_PER_TASK" \
  --shard "$SLURM_ARRAY_TASK_ID/${SHARDS:-$SLURM_ARRAY_TASK_COUNT}" --out parts "$@"

#!/bin/bash
#SBATCH --cpus-per-task=4
# The sweep of docs/sweeps.md as a Slurm array job: task i of n runs shard i/n and writes parts/sweep-part-i-of-n.json.
# Arguments go to descent sweep. GRID replaces the grid's flags, SHARDS the number of shards (when tasks run again on
# their own, Slurm counts only those) and DESCENT the command.
grid=${GRID:-"--optimizers gd,sgd --batch-sizes 16,32,64 --momenta 0,0.9 --alphas 0.1,0.03,0.01,0.003,0.001 --epochs 500"}
# exec: the signal Slurm sends at the time limit or on scancel --signal reaches descent itself.
exec ${DESCENT:-descent} sweep $grid --jobs "$SLURM_CPUS_PER_TASK" \
  --shard "$SLURM_ARRAY_TASK_ID/${SHARDS:-$SLURM_ARRAY_TASK_COUNT}" --out parts "$@"

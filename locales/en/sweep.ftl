# sweep: the table `sibyl sweep` prints (src/report/sweep.rs) and its notes on standard
# error (src/commands/sweep.rs). Numbers and settings reach a message already written as
# the language writes them; names such as `rules.pooled.threshold`, `deal.paid` or
# `P(tranche.bonds.loss)` are identifiers and stay as they are.

# $points: the number of points; $trials: trials per point; $seed: the random seed.
sweep-title = Sweep of { $points } points, { $trials } trials each, seed { $seed }, common random numbers
# Column headers: the point's number, its contract file, its scenario file.
sweep-header-point = point
sweep-header-contract = contract
sweep-header-scenario = scenario
sweep-note-figures = Means, and P(...) the probabilities; every statistic of every figure is in points.csv (--out) and --format json.
sweep-search-title = Design search
# $feasible: the points that meet every constraint; $points: all points.
sweep-search-feasible = { $feasible } of { $points } points meet every constraint.
sweep-search-none = No point meets every constraint.
# $point: the point's number; $settings: "path = value, ..."; $objective: the figure's
# name; $value, $se: its estimate and standard error.
sweep-search-best = Best: point { $point } ({ $settings }): { $objective } = { $value } ± { $se }
sweep-search-uncertain = The best point meets a constraint by less than two standard errors: more trials may show it does not.
# As sweep-search-best, for the next best point.
sweep-search-runner-up = Runner-up: point { $point } ({ $settings }): { $value } ± { $se }
sweep-search-within-noise = The runner-up is within two standard errors of the best: these trials do not settle which is better.
sweep-search-marginal = ± is a point's own standard error; on common random numbers a difference between points is known more precisely.
# $first, $second: the two objectives' figures.
sweep-pareto-title = Pareto front of { $first } and { $second } (no other point is better on both):
# $dir: the folder; $files: the files written.
sweep-written = sweep written to { $dir } ({ $files })
# $done: points found complete in the folder, not run again; $total: the points of this run.
sweep-resumed = resumed: { $done } of { $total } points were already in { $dir } and were not run again
# The progress bar over points: $done and $total points, $elapsed time, the $bar, $eta time left.
sweep-progress = { $done }/{ $total } points [{ $elapsed }] { $bar } eta { $eta }
# $count: the points left out of the search.
sweep-search-undefined = { $count } points that meet every constraint are left out: an objective is undefined or infinite there.
sweep-search-none-defined = No point that meets every constraint has a defined objective.

# run: the table `sibyl run` prints (src/report/run_table.rs) and its notes on standard
# error (src/commands/run.rs). Figures, amounts and rates reach a message already written
# as the language writes them. Row labels are indented by the code; every row label starts
# with the party's, tranche's or metric's id ($id), an identifier that stays as it is.

# $deal: the deal's name; $scenario: the scenario's name (both as their files give them).
run-title = { $deal } under "{ $scenario }"
# As run-title, for a run under a stress preset; $preset: the preset's name (an identifier).
run-title-stress = { $deal } under "{ $scenario }", stress preset { $preset }
# $trials: the number of trials with its noun ("2,000 trials", unit-trial); $seed: the
# random seed (digits); $currency: the currency code (GBP); $terms: "nominal" (amounts in
# cash) or "real" (amounts deflated to period-0 money).
run-trials = { $trials }, seed { $seed }; amounts in { $currency }{ $terms ->
    [real] { " " }in real terms (period-0 money)
   *[nominal] {""}
}

# Column headers: the mean, and its standard error (in brackets, under it). The columns
# p05, p50, p95 (percentiles) and cvar05 (the average of the worst 5%) keep their names.
run-column-mean = mean
run-column-se = (se)

# Section headers.
run-section-investors = Investors
run-section-payers = Payers
run-section-providers = Providers
run-section-deal = Deal
run-section-outcomes = Outcomes (all cohorts)
run-section-rules = Payment rules: how often each pays
run-section-caps = Caps: how often each binds
run-section-warnings = Warnings

# Investors, per tranche ($id: the tranche's id).
# P(…): the probability of; the tranche gets back less than it put in.
run-tranche-loss = { $id }: P(loss)
run-tranche-moic = { $id }: multiple (MOIC)
# The IRR's median and its range (p05 to p95), a rate a year.
run-tranche-irr = { $id }: IRR a year, median (p50) and range
# The IRR of the trials' average cash flows, one figure for the whole run.
run-tranche-pooled-irr = { $id }: IRR of the mean cash flows (pooled)
run-tranche-mirr = { $id }: modified IRR a year, median and range
run-tranche-amount-lost = { $id }: amount lost
# What a first-loss guarantee paid the tranche.
run-tranche-guarantee-drawn = { $id }: guarantee drawn

# Outcome payers ($id: the payer's id).
run-payer-paid = { $id }: paid
# $rate: the payer's discount rate, a percentage ("3.5%").
run-payer-npv = { $id }: NPV at { $rate }
# $year: a budget year (2017).
run-payer-paid-year = { $id }: paid in budget year { $year }
# What the payer paid in its most expensive budget year.
run-payer-largest-year = { $id }: largest budget year
# How much the payments went over the payer's yearly budget.
run-payer-budget-excess = { $id }: over budget, by how much
run-payer-over-budget = { $id }: P(a year over budget)
# $year: a budget year (2017).
run-payer-over-budget-year = { $id }: P(over budget in { $year })
# $metric: the outcome metric's id.
run-payer-cost-per-true-outcome = { $id }: cost per true outcome ({ $metric })
run-payer-measurement-error = { $id }: paid for measurement error
# Paid in trials where the programme truly did nothing (or harm).
run-payer-noise = { $id }: paid where the true effect was nil
run-payer-deadweight = { $id }: paid for deadweight
run-payer-net-value = { $id }: net value (discounted)
run-payer-premium = { $id }: premium over buying the service

# Service providers ($id: the provider's id).
run-provider-revenue = { $id }: revenue
run-provider-cost = { $id }: cost
run-provider-unfunded-cost = { $id }: cost left unfunded
run-provider-margin = { $id }: margin
run-provider-loss = { $id }: P(loss)

# The deal as a whole.
run-deal-paid = all payers: paid
run-deal-premium = all payers: premium over buying the service
run-deal-any-payment = P(any payment)
# $id: the intermediary's id.
run-intermediary-fees = { $id }: fees

# Outcomes per metric ($id: the metric's id), over all cohorts. What the treated group
# achieved: $kind is "binary" (each person achieves it or not), "count" (events per
# person), "continuous" (a score per person) or "cohort" (one figure per cohort);
# $direction is "increase" (more is better) or "reduce" (less is better).
run-outcome-achieved = { $id }: { $kind ->
    [binary] { $direction ->
        [increase] people achieving it
       *[reduce] people avoiding it
    }
    [count] events in the treated group
    [continuous] points scored by the treated group
   *[cohort] the cohorts' figures, summed
}
# Outcomes the programme truly caused, in the metric's unit.
run-outcome-improved = { $id }: truly improved
# Outcomes the evaluation measured (true ones plus measurement error).
run-outcome-measured = { $id }: improved as measured
run-outcome-paid = { $id }: paid for them

# Under the table when it shows whole-run figures; keep the line breaks (about 95
# characters a line).
run-estimates-note =
    The IRR of the mean cash flows and the costs per true outcome (expected paid over expected
    outcomes truly improved, per metric in its unit) are figures of the whole run: their value
    and standard error are in the mean columns.

# On standard error after a run written with --out. $dir: the folder; $files: the files
# written, comma-separated.
run-written = run written to { $dir } ({ $files })
# $dir: the folder.
run-replaced-incomplete = it replaced an incomplete run that was in { $dir }

# The progress bar of a long run on a terminal: $done and $total trials, $elapsed time,
# the $bar itself, and the $eta (time left). Use no braces.
run-progress = { $done }/{ $total } trials simulated [{ $elapsed }] { $bar } eta { $eta }

# run --split-uncertainty (src/report/split_table.rs). Row labels are the run-* ones above.
# $outer: parameter draws; $inner: trials per draw (both written as numbers); $seed,
# $currency and $terms as in run-trials.
split-draws = { $outer } parameter draws, { $inner } trials in each; seed { $seed }; amounts in { $currency }{ $terms ->
    [real] { " " }in real terms (period-0 money)
   *[nominal] {""}
}
# $list: assumption ids (identifiers, in backticks), comma-separated.
split-parameters = Parameters (unknowns about the world, drawn once per parameter draw): { $list }
split-parameters-none = Parameters: none drawn (every assumption is fixed or chance)
split-chance = Chance (drawn in every trial): { $list }, with who is referred, drops out and achieves outcomes, and the measurement
split-chance-none = Chance (drawn in every trial): who is referred, drops out and achieves outcomes, and the measurement
# Column headers: the share of a figure's variance from the parameters (with its standard
# error in the next column, run-column-se) and from chance.
split-column-parameters = parameters
split-column-chance = chance
# Column header: the inner runs' own Monte Carlo standard error of the figure (root mean
# square over parameter draws).
split-column-inner-se = inner se
# Under the table; keep the line breaks (about 95 characters a line).
split-note =
    parameters, chance: the shares of a figure's variance in one trial that come from the
    parameters and from chance, with the parameters' share's standard error (jackknife over
    draws). p05, p50, p95: the figure's mean within one parameter draw (for a probability, the
    probability), across parameter draws. Whole-run figures (the IRR of the mean cash flows,
    costs per true outcome) have no split: their mean and spread across draws only.
split-note-clamped = * the draws differed less than chance alone makes them differ: the parameters' share is taken as 0.
# Under the table, after split-note: the spread also holds each inner run's noise.
split-note-inner =
    inner se: each draw's own Monte Carlo error in its figure (root mean square over draws); the
    spread p05 to p95 includes it, so raise --inner to narrow it (JSON: parameter_sd has it taken out).
# Under the table when no assumption is drawn in the outer loop.
split-note-no-parameters = No assumption is drawn in the outer loop (every one is fixed or chance): the parameters' share is 0 by construction, and the draws differ by chance alone.
